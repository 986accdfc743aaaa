// A confirmation dialog that asks why: every ops action is audited with the reason given here.
// Mantine's Modal traps focus and closes on Escape, so it works from the keyboard.
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { ErrorState } from './states.tsx';

export function ReasonDialog(props: {
  opened: boolean;
  title: string;
  confirmLabel: string;
  reasonLabel?: string;
  /** A note may be left empty (e.g. acknowledging an alert). */
  optional?: boolean;
  danger?: boolean;
  /** Something else the dialog asks for is missing (e.g. the vendor to assign to). */
  incomplete?: boolean;
  pending: boolean;
  error: unknown;
  children?: ReactNode;
  onClose(): void;
  onConfirm(reason: string): void;
}) {
  const [reason, setReason] = useState('');
  const blank = reason.trim().length === 0;
  return (
    <Modal
      opened={props.opened}
      onClose={() => {
        setReason('');
        props.onClose();
      }}
      title={props.title}
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if ((blank && !props.optional) || props.incomplete) return;
          props.onConfirm(reason.trim());
        }}
      >
        <Stack>
          {props.children}
          <Textarea
            label={props.reasonLabel ?? 'Reason'}
            description={props.optional ? 'Optional' : 'Required; kept in the audit trail.'}
            required={!props.optional}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            data-autofocus
            autosize
            minRows={2}
          />
          {props.error ? <ErrorState error={props.error} title="Not done" /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={props.danger ? 'red' : undefined}
              loading={props.pending}
              disabled={(blank && !props.optional) || props.incomplete}
            >
              {props.confirmLabel}
            </Button>
          </Group>
          {blank && !props.optional ? (
            <Text size="xs" c="dimmed">
              Give a reason to continue.
            </Text>
          ) : null}
        </Stack>
      </form>
    </Modal>
  );
}
