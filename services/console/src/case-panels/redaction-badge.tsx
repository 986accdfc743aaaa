// Why a part of a case is withheld, in words (the gateway's redaction reason: erased, not in the
// contract, restricted scope, role).
import { Badge } from '@mantine/core';

const REASONS: Record<string, string> = {
  SUBJECT_ERASED: 'erased',
  NOT_IN_CONTRACT: 'not in contract',
  RESTRICTED_SCOPE: 'restricted scope',
  ROLE_NOT_ALLOWED: 'not for your role',
};

export function RedactionBadge(props: { reason: string }) {
  return (
    <Badge variant="light" color="gray" title={props.reason}>
      {REASONS[props.reason] ?? props.reason.toLowerCase().replaceAll('_', ' ')}
    </Badge>
  );
}
