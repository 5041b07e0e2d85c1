import type { authZh } from './messages';

/** English: loaded only when English is chosen (i18n/i18n.tsx); every key of authZh (the type enforces it). */
export const authEn: Record<keyof typeof authZh, string> = {
  authTooManyAccount:
    'Too many failed sign-ins for this account; it is locked for up to 15 minutes. Try later or ask the administrator to reset the password.',
  authSignIn: 'Sign in',
  authSigningIn: 'Signing in…',
  authHeading: 'Sign in',
  authUsername: 'Username',
  authPassword: 'Password',
  authShowPassword: 'Show password',
  authHint: 'Accounts are set up by the administrator; ask them to reset a forgotten password.',
  authNeedUsername: 'Enter your username',
  authNeedPassword: 'Enter your password',
  authBadCredentials: 'Wrong username or password',
  authTooMany: 'Too many attempts; try again in a minute',
  authFailed: 'Could not sign in; try again later',
  authNetwork: 'Cannot reach the server; check the network and try again',
  authSignOut: 'Sign out',
  authSigningOut: 'Signing out…',
  authSignedInAs: 'Signed in as',
  authSignInFirst: 'Please sign in',
  authForbidden: 'Not allowed',
  authForbiddenDetail: 'This account may not open this page. Ask the administrator if you need it.',
  roleAdmin: 'Administrator',
  roleLeader: 'Leader',
  roleStaff: 'Staff',
  roleScreen: 'Wall screen',
  scopeNote: 'This account sees only the targets {unit} is responsible for.',
};
