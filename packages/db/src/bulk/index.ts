export { demoId } from './deterministic-id.ts';
export { insertRows } from './insert-rows.ts';
