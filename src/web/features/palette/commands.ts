import { matchPath } from 'react-router-dom';

/** Something the palette can do without a record: go to a page, start a form, toggle a setting. */
export interface PaletteCommand {
  id: string;
  label: string;
  /** More words it is found by. */
  keywords: string;
  /** Where it goes; or `run` for what stays on the page. */
  to?: string;
  run?: 'shortcuts' | 'color-scheme';
}

const PAGES: [path: string, name: string, keywords: string][] = [
  ['/', 'Today', 'home actions to do'],
  ['/contacts', 'Contacts', 'people list'],
  ['/conversations', 'Conversations', 'meetings interviews calls'],
  ['/events', 'Events', 'meetups conferences'],
  ['/organizations', 'Organizations', 'companies'],
  ['/targets', 'Target list', 'targets companies lamp'],
  ['/opportunities', 'Opportunities', 'jobs board pipeline'],
  ['/network', 'Network', 'referrals graph introductions'],
  ['/insights', 'Insights', 'charts goals funnel'],
  ['/profile', 'Profile', 'pitch skills'],
  ['/profile/sheet', 'Networking sheet', 'print pdf one page'],
  ['/settings', 'Settings', 'import export backup appearance'],
  ['/settings/playbook', 'Playbook settings', 'rules order windows templates calendar'],
];

/** The commands, those about the page the user is on first (a contact's page: log a conversation with them). */
export function paletteCommands(pathname: string): PaletteCommand[] {
  const contact = matchPath('/contacts/:id', pathname);
  const here: PaletteCommand[] =
    contact && contact.params.id !== 'new'
      ? [{ id: 'log-with-contact', label: 'Log a conversation with this contact', keywords: 'new meeting call interview', to: `/conversations/new?contactId=${encodeURIComponent(contact.params.id ?? '')}` }]
      : [];
  return [
    ...here,
    { id: 'log-conversation', label: 'Log a conversation', keywords: 'new add meeting call interview schedule', to: '/conversations/new' },
    { id: 'add-contact', label: 'Add a contact', keywords: 'new person create', to: '/contacts/new' },
    ...PAGES.map(([to, name, keywords]) => ({ id: `go-${to}`, label: `Go to ${name}`, keywords: `page open ${keywords}`, to })),
    { id: 'shortcuts', label: 'Show the keyboard shortcuts', keywords: 'keys help hotkeys', run: 'shortcuts' },
    { id: 'color-scheme', label: 'Switch dark mode', keywords: 'theme light dark appearance colour color', run: 'color-scheme' },
  ];
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
const wordsOf = (s: string) => fold(s).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

/** The commands every word typed starts a word of (case and accents ignored), in their order. */
export function matchCommands(commands: readonly PaletteCommand[], query: string): PaletteCommand[] {
  const typed = wordsOf(query);
  if (typed.length === 0) return [...commands];
  return commands.filter((c) => {
    const words = wordsOf(`${c.label} ${c.keywords}`);
    return typed.every((t) => words.some((w) => w.startsWith(t)));
  });
}
