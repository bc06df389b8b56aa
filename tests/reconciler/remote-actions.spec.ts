import { describe, expect, it } from 'vitest';
import { MAX_ACTION_ATTEMPTS, RemoteActionQueue } from '../../src/reconciler/remote-actions.ts';

describe('RemoteActionQueue', () => {
  it('runs actions oldest first through pending, in-flight and done', () => {
    const q = new RemoteActionQueue();
    q.add('x1', 'backup');
    q.add('x2', 'delete-account');
    expect(q.nextPending()?.id).toBe('x1');
    q.start('x1');
    expect(q.nextPending()?.id).toBe('x2');
    q.done('x1');
    expect(q.status()[0]).toEqual({ id: 'x1', kind: 'backup', state: 'done', attempts: 1, lastError: null });
    expect(q.unfinished().map((a) => a.id)).toEqual(['x2']);
  });

  it('retries retryable failures of an admin action until the attempt bound, and requeues in-flight actions on restore', () => {
    const q = new RemoteActionQueue();
    q.add('x1', 'backup-admin');
    for (let i = 0; i < MAX_ACTION_ATTEMPTS - 1; i++) {
      q.start('x1');
      q.failed('x1', 'transport', true);
      expect(q.get('x1')?.state).toBe('pending');
    }
    q.start('x1');
    const restored = RemoteActionQueue.from(q.unfinished());
    expect(restored.get('x1')?.state).toBe('pending');
    q.failed('x1', 'unavailable', true);
    expect(q.get('x1')).toMatchObject({ state: 'failed', lastError: 'unavailable', attempts: MAX_ACTION_ATTEMPTS });
  });

  it('never gives a backup up for a retryable failure ("may remain pending or retry"); a refusal for good fails it', () => {
    const q = new RemoteActionQueue();
    q.add('x1', 'backup');
    for (let i = 0; i < MAX_ACTION_ATTEMPTS + 5; i++) {
      q.start('x1');
      q.failed('x1', i % 2 ? 'unavailable' : 'transport', true);
    }
    expect(q.get('x1')).toMatchObject({ state: 'pending', attempts: MAX_ACTION_ATTEMPTS + 5 });
    q.start('x1');
    q.failed('x1', 'bad-request', false);
    expect(q.get('x1')).toMatchObject({ state: 'failed', lastError: 'bad-request' });
  });
});
