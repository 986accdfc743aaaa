// The specialist's reply to the user: sent through the gateway to the platform's channel, and
// recorded as a response (the first one stops the first-response clocks). The idempotency key
// lives as long as the draft, so sending again after a lost answer does not send twice.
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';

const MAX_BODY = 20_000;

export function ReplyBox(props: {
  /** Why the viewer may not reply now (null: they may). */
  blocked: string | null;
  pending: boolean;
  onSend(body: string, idempotencyKey: string, sent: () => void): void;
}) {
  const [body, setBody] = useState('');
  const [key, setKey] = useState<string | null>(null);
  const text = body.trim();
  if (props.blocked) {
    return (
      <Alert color="gray" title="Reply" data-testid="reply-blocked">
        {props.blocked}
      </Alert>
    );
  }
  return (
    <form
      aria-label="Reply to the user"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.length === 0 || text.length > MAX_BODY) return;
        const idempotencyKey = key ?? crypto.randomUUID();
        setKey(idempotencyKey);
        props.onSend(text, idempotencyKey, () => {
          setBody('');
          setKey(null);
        });
      }}
    >
      <Stack gap="xs">
        <Textarea
          label="Reply to the user"
          description="Sent to the user through the channel they wrote on; the user reads it as written."
          autosize
          minRows={3}
          maxRows={12}
          value={body}
          error={text.length > MAX_BODY ? `At most ${MAX_BODY} characters.` : undefined}
          onChange={(e) => {
            setBody(e.currentTarget.value);
            // A changed draft is a new message: it gets a new key when sent.
            setKey(null);
          }}
        />
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            {text.length} / {MAX_BODY}
          </Text>
          <Button
            type="submit"
            loading={props.pending}
            disabled={text.length === 0 || text.length > MAX_BODY}
          >
            Send reply
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
