// Reads planned from the query: whether a resolver's selection reaches a field, so the domain
// loads a relation in the same statement batch only when it will be shown. Hand-written: the
// walk over fields, inline fragments and named fragments is all that is needed.
import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

function* fieldsOf(set: SelectionSetNode, info: GraphQLResolveInfo): Generator<FieldNode> {
  for (const selection of set.selections) {
    if (selection.kind === 'Field') yield selection;
    else if (selection.kind === 'InlineFragment') yield* fieldsOf(selection.selectionSet, info);
    else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) yield* fieldsOf(fragment.selectionSet, info);
    }
  }
}

/**
 * Whether the query selects `path` below the resolver's own field (e.g. `['edges', 'node',
 * 'events']` under `cases`). `@skip`/`@include` are not evaluated: a conditional selection
 * counts as selected, which loads a little more, never less.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  let sets = info.fieldNodes.flatMap((n) => (n.selectionSet ? [n.selectionSet] : []));
  for (const [i, name] of path.entries()) {
    const found = sets.flatMap((set) =>
      [...fieldsOf(set, info)].filter((f) => f.name.value === name),
    );
    if (i === path.length - 1) return found.length > 0;
    sets = found.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  }
  return false;
}
