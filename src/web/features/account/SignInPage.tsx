import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconLogin } from '@tabler/icons-react';
import { useState } from 'react';
import { loginSchema } from '../../../contracts/account.schema.js';
import { ApiError } from '../../api/client.js';
import { useSignIn } from './session.api.js';

type Errors = Partial<Record<'email' | 'password', string>>;

/** Server mode, nobody signed in: the whole app is this form. */
export function SignInPage() {
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});

  const submit = () => {
    const parsed = loginSchema.safeParse({ email, password });
    if (!parsed.success) {
      const next: Errors = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0]) as keyof Errors] ??= issue.message;
      setErrors(next);
      return;
    }
    setErrors({});
    signIn.mutate(parsed.data);
  };
  // One message for a wrong password and an unknown address: the server tells nothing more.
  const failure = signIn.error instanceof ApiError ? signIn.error.message : signIn.error ? 'Could not reach Rapport: try again' : null;

  return (
    <Center mih="100vh" p="md" component="main" id="main">
      <Paper withBorder p="xl" radius="md" w="100%" maw={400}>
        <form onSubmit={(e) => { e.preventDefault(); submit(); }} noValidate aria-labelledby="sign-in-title">
          <Stack gap="sm">
            <Title order={1} size="h2" c="teal.7">Rapport</Title>
            <Title order={2} size="h3" id="sign-in-title">Sign in</Title>
            <Text size="sm" c="dimmed">Your organization invites you: ask its administrator for a link if you have no account yet.</Text>
            {failure && <Alert color="red" role="alert">{failure}</Alert>}
            <TextInput label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} error={errors.email} data-autofocus autoFocus />
            <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={errors.password} />
            <Button type="submit" leftSection={<IconLogin size={16} />} loading={signIn.isPending}>Sign in</Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
