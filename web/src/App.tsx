import { AppShell, Button, Group, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createBrowserRouter, Link, Navigate, Outlet, useNavigate } from 'react-router-dom';
import { api, setUnauthorizedHandler } from './api/client';
import { LoginPage } from './pages/LoginPage';
import { SegmentDetailPage } from './pages/SegmentDetailPage';
import { SegmentsListPage } from './pages/SegmentsListPage';

export const BASENAME = '/marketing';

function Shell() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const logout = useMutation({
    mutationFn: api.logout,
    onSettled: () => {
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });
  return (
    <AppShell header={{ height: 56 }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="lg" justify="space-between">
          <Text component={Link} to="/segments" fw={800} size="lg" style={{ textDecoration: 'none', color: 'inherit' }}>
            Segments
          </Text>
          <Button variant="subtle" size="xs" onClick={() => logout.mutate()} loading={logout.isPending}>
            Sign out
          </Button>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <div style={{ maxWidth: 1200, margin: "0 auto" }}>
          <Outlet />
        </div>
      </AppShell.Main>
    </AppShell>
  );
}

export function createAppRouter() {
  const router = createBrowserRouter(
    [
      { path: '/login', element: <LoginPage /> },
      {
        element: <Shell />,
        children: [
          { index: true, element: <Navigate to="/segments" replace /> },
          { path: '/segments', element: <SegmentsListPage /> },
          { path: '/segments/:id', element: <SegmentDetailPage /> },
          { path: '*', element: <Navigate to="/segments" replace /> },
        ],
      },
    ],
    { basename: BASENAME },
  );
  // Any 401 from the API: the session is missing or expired, so ask for the token again.
  setUnauthorizedHandler(() => {
    const { search } = router.state.location;
    // The router's location may or may not carry the basename; `next` is always app-relative.
    const pathname = router.state.location.pathname.replace(new RegExp(`^${BASENAME}(?=/|$)`), '') || '/';
    if (pathname === '/login') return;
    router.navigate(`/login?next=${encodeURIComponent(pathname + search)}`, { replace: true });
  });
  return router;
}
