export {
  EnvError,
  envBoolean,
  envInt,
  LOCAL_DATABASE_URL,
  LOCAL_REDIS_URL,
  parseEnv,
} from './parse-env.ts';
