import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { Subject } from '../definition/types';

export const queryKeys = {
  schema: (subject: Subject) => ['schema', subject] as const,
  segments: ['segments'] as const,
  segment: (id: string) => ['segments', id] as const,
  members: (id: string) => ['segments', id, 'members'] as const,
};

export function useSchema(subject: Subject | null) {
  return useQuery({
    queryKey: queryKeys.schema(subject ?? 'contacts'),
    queryFn: ({ signal }) => api.schema(subject ?? 'contacts', signal),
    enabled: subject !== null,
    staleTime: 5 * 60_000,
  });
}

/** The schemas a builder for `subject` needs: its own and, for companies, the contacts one. */
export function useBuilderSchemas(subject: Subject) {
  const own = useSchema(subject);
  const contacts = useSchema(subject === 'companies' ? 'contacts' : null);
  return {
    schema: own.data,
    contactsSchema: subject === 'contacts' ? own.data : contacts.data,
    error: own.error ?? contacts.error,
    loading: own.isPending || (subject === 'companies' && contacts.isPending),
  };
}
