import { formatCount, formatRelative } from './format';
import { sortSegments } from './pages/SegmentsListPage';
import type { Segment } from './api/client';

describe('formatting', () => {
  it('formats counts en-US', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12345)).toBe('12,345');
    expect(formatCount(9876543)).toBe('9,876,543');
  });

  it('formats relative times', () => {
    const now = Date.parse('2024-05-10T12:00:00Z');
    expect(formatRelative('2024-05-10T11:59:30Z', now)).toBe('just now');
    expect(formatRelative('2024-05-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(formatRelative('2024-05-09T12:00:00Z', now)).toBe('yesterday');
    expect(formatRelative('2024-04-10T12:00:00Z', now)).toBe('last month');
    expect(formatRelative(null, now)).toBe('—');
  });
});

describe('segment list sorting', () => {
  const seg = (id: string, name: string, subject: 'contacts' | 'companies', lastCount: number | null, updatedAt: string): Segment => ({
    id,
    name,
    subject,
    lastCount,
    updatedAt,
    createdAt: updatedAt,
    definition: { subject, where: { type: 'and', conditions: [] } },
  });
  const list = [
    seg('1', 'beta', 'contacts', 10, '2024-01-02T00:00:00Z'),
    seg('2', 'Alpha', 'companies', null, '2024-01-03T00:00:00Z'),
    seg('3', 'gamma', 'contacts', 2000, '2024-01-01T00:00:00Z'),
  ];
  const ids = (s: Segment[]) => s.map((x) => x.id);

  it('sorts by name ignoring case, by count with "not counted" last when descending, by update time', () => {
    expect(ids(sortSegments(list, 'name', 'ascending'))).toEqual(['2', '1', '3']);
    expect(ids(sortSegments(list, 'lastCount', 'descending'))).toEqual(['3', '1', '2']);
    expect(ids(sortSegments(list, 'updatedAt', 'descending'))).toEqual(['2', '1', '3']);
    expect(ids(sortSegments(list, 'subject', 'ascending'))).toEqual(['2', '1', '3']);
  });
});
