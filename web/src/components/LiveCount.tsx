import { Alert, Button, Group, Loader, Text } from '@mantine/core';
import type { Subject } from '../definition/types';
import { countPhrase, formatDateTime } from '../format';
import { plural } from '../definition/model';
import type { PreviewState } from '../preview/livePreview';

/**
 * `≈ 12,345 people match`. While a newer count loads the previous number stays, dimmed;
 * errors show inline under it.
 */
export function LiveCount({
  state,
  subject,
  onRetry,
  skipped = state.result?.ignored.length ?? 0,
}: {
  state: PreviewState;
  subject: Subject;
  onRetry?: () => void;
  /** How many incomplete conditions the count skipped (default: the answer's `ignored`). */
  skipped?: number;
}) {
  const { result, pending, error } = state;
  const dim = pending || state.stale;
  return (
    <div data-testid="live-count">
      <Group gap="xs" align="center" wrap="nowrap">
        <Text
          component="output"
          fw={700}
          size="xl"
          aria-live="polite"
          aria-busy={pending}
          data-stale={dim || undefined}
          style={{ opacity: dim ? 0.45 : 1, transition: 'opacity 120ms' }}
        >
          {result ? countPhrase(result.count, subject) : pending ? 'Counting…' : '—'}
        </Text>
        {pending && <Loader size="xs" aria-hidden />}
      </Group>
      {result && (
        <Text size="xs" c="dimmed">
          as of {formatDateTime(result.asOf)}
          {skipped > 0 && ` · ${plural(skipped, 'incomplete condition')} skipped`}
        </Text>
      )}
      {error && !pending && (
        <Alert color="red" variant="light" mt="xs" title={error.status === 400 ? 'The conditions have a problem' : 'Could not count'} role="alert">
          <Text size="sm">{error.detail || error.title}</Text>
          {error.errors.length > 0 && <Text size="sm">The problems are marked in the builder.</Text>}
          {onRetry && error.status !== 400 && (
            <Button size="xs" variant="light" mt="xs" onClick={onRetry}>
              Try again
            </Button>
          )}
        </Alert>
      )}
    </div>
  );
}
