import { isIntrospectionType, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './schema/index.ts';

const hasScopes = (extensions: Record<string, unknown> | null | undefined) => {
  const options = extensions?.pothosOptions as
    | { authScopes?: unknown; skipTypeScopes?: unknown }
    | undefined;
  return options?.authScopes !== undefined;
};

// Relay's structural types are reachable only through a connection field, which has its own rule.
const relayStructural = (name: string) => name === 'PageInfo' || /(Connection|Edge)$/.test(name);

describe('authorisation coverage', () => {
  it('gives every root field and every field of every object type an explicit rule', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || isIntrospectionType(type) || relayStructural(type.name)) continue;
      const root = [
        schema.getQueryType(),
        schema.getMutationType(),
        schema.getSubscriptionType(),
      ].includes(type);
      const typeHasScopes = hasScopes(type.extensions);
      for (const field of Object.values(type.getFields())) {
        // Root fields always need their own rule; other fields need theirs or their type's.
        if (hasScopes(field.extensions) || (!root && typeHasScopes)) continue;
        missing.push(`${type.name}.${field.name}`);
      }
      if (!root && !typeHasScopes) missing.push(`type ${type.name}`);
    }
    expect(missing).toEqual([]);
  });
});
