import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, ApiError } from '../api/client';

export function LoginPage() {
  const [token, setToken] = useState('');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const next = params.get('next');
  const login = useMutation({
    mutationFn: () => api.login(token.trim()),
    onSuccess: () => {
      queryClient.clear();
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/segments', { replace: true });
    },
  });
  const error =
    login.error instanceof ApiError && login.error.status === 401
      ? 'That token is not valid. Use the admin token the service printed at start (SEGMENTS_ADMIN_TOKEN).'
      : login.error
        ? (login.error as Error).message
        : undefined;
  return (
    <Center mih="80vh" component="main">
      <Paper withBorder shadow="sm" p="xl" radius="md" w={420}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (token.trim()) login.mutate();
          }}
        >
          <Stack>
            <Title order={1} size="h2">
              Sign in to Segments
            </Title>
            <Text size="sm" c="dimmed">
              Enter the admin token of this Segments service.
            </Text>
            <PasswordInput label="Admin token" required autoFocus autoComplete="current-password" value={token} onChange={(e) => setToken(e.currentTarget.value)} error={error ? ' ' : undefined} />
            {error && (
              <Alert color="red" variant="light" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={login.isPending} disabled={!token.trim()}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
