// The frame around every screen: the navigation the viewer's roles allow, who is signed in,
// and sign-out. A skip link lets keyboard users jump past the navigation.
import { Anchor, AppShell, Badge, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link, Navigate, Outlet, useRouterState } from '@tanstack/react-router';
import { type Capability, can } from './auth/access.ts';
import { useSession, useSignedIn } from './auth/session.tsx';

const NAV: {
  to:
    | '/ops'
    | '/queues'
    | '/routing'
    | '/vendors'
    | '/cases'
    | '/audit'
    | '/erasure'
    | '/tier2'
    | '/compare'
    | '/credits';
  label: string;
  needs: Capability;
}[] = [
  { to: '/tier2', label: 'Team queue', needs: 'tier2.work' },
  { to: '/ops', label: 'Now', needs: 'ops.view' },
  { to: '/queues', label: 'Queues', needs: 'ops.view' },
  { to: '/routing', label: 'Routing', needs: 'routing.view' },
  { to: '/vendors', label: 'Vendors', needs: 'vendors.view' },
  { to: '/cases', label: 'Cases', needs: 'cases.view' },
  { to: '/compare', label: 'Compare vendors', needs: 'scorecards.view' },
  { to: '/credits', label: 'Service credits', needs: 'scorecards.view' },
  { to: '/audit', label: 'Audit trail', needs: 'audit.view' },
  { to: '/erasure', label: 'Erasure', needs: 'subjects.erase' },
];

/** Where a person lands: the routing rules, or else the first screen their roles are offered. */
export function Home() {
  const session = useSignedIn();
  const first = can(session.roles, 'routing.view')
    ? { to: '/routing' as const }
    : NAV.find((item) => can(session.roles, item.needs));
  return first ? (
    <Navigate to={first.to} replace />
  ) : (
    <Text>No screen is offered to your role.</Text>
  );
}

export function Shell() {
  const session = useSignedIn();
  const { signOut } = useSession();
  const [opened, { toggle }] = useDisclosure();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Anchor href="#main" className="skip-link">
              Skip to content
            </Anchor>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label="Navigation"
            />
            <Text fw={700}>BPO Vendor Gateway</Text>
          </Group>
          <Group gap="xs">
            <Text size="sm" data-testid="signed-in-as">
              {session.subject}
            </Text>
            {session.roles.map((role) => (
              <Badge key={role}>{role}</Badge>
            ))}
            <Button size="xs" variant="default" onClick={() => void signOut()}>
              Sign out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Screens">
        {NAV.filter((item) => can(session.roles, item.needs)).map((item) => (
          <NavLink
            key={item.to}
            label={item.label}
            active={pathname.startsWith(`/console${item.to}`) || pathname.startsWith(item.to)}
            renderRoot={(props) => <Link to={item.to} {...props} />}
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
