import { screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { initialPreviewState, type PreviewState } from '../preview/livePreview';
import { renderUi } from '../test/render';
import { countPhrase } from '../format';
import { LiveCount } from './LiveCount';

const result = (count: number, ignored: string[] = []) => ({ count, asOf: '2024-05-01T12:00:00Z', members: [], ignored });
const output = () => screen.getByTestId('live-count').querySelector('output')!;

describe('LiveCount', () => {
  it('uses the contract wording with en-US thousands separators', () => {
    expect(countPhrase(12345, 'contacts')).toBe('≈ 12,345 people match');
    expect(countPhrase(1234567, 'companies')).toBe('≈ 1,234,567 companies match');
    expect(countPhrase(0, 'contacts')).toBe('≈ 0 people match');
  });

  it('shows the count and how many incomplete conditions were skipped', () => {
    const state: PreviewState = { ...initialPreviewState, result: result(12345, ['/where/conditions/1', '/where/conditions/2']) };
    renderUi(<LiveCount state={state} subject="contacts" />);
    expect(output().textContent).toBe('≈ 12,345 people match');
    expect(output().hasAttribute('data-stale')).toBe(false);
    expect(screen.getByText(/2 incomplete conditions skipped$/)).toBeTruthy();
  });

  it('keeps the previous number, dimmed, while the next one loads', () => {
    const state: PreviewState = { ...initialPreviewState, result: result(42), pending: true, stale: true };
    renderUi(<LiveCount state={state} subject="companies" />);
    expect(output().textContent).toBe('≈ 42 companies match');
    expect(output().getAttribute('data-stale')).toBe('true');
    expect(output().getAttribute('aria-busy')).toBe('true');
    expect(output().style.opacity).toBe('0.45');
  });

  it('shows errors inline', () => {
    const error = new ApiError(503, { title: 'Service Unavailable', detail: 'The database is restarting.' });
    renderUi(<LiveCount state={{ ...initialPreviewState, result: result(7), error }} subject="contacts" onRetry={() => {}} />);
    expect(output().textContent).toBe('≈ 7 people match');
    expect(screen.getByRole('alert').textContent).toContain('The database is restarting.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeTruthy();
  });
});
