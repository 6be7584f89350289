/**
 * Synthetic people for search tests and benchmarks: invented names (some with accents), made-up
 * organizations and titles, and queries with one typo, all from a fixed seed, so that a test
 * and the benchmark see the same people and the same queries on every machine.
 */

const GIVEN = [
  'James', 'John', 'Robert', 'Michael', 'William', 'David', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Daniel', 'Matthew', 'Anthony', 'Mark', 'Donald', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kenneth',
  'Nancy', 'Lisa', 'Betty', 'Margaret', 'Sandra', 'Ashley', 'Kimberly', 'Emily', 'Donna', 'Michelle',
  'Kevin', 'Brian', 'George', 'Timothy', 'Ronald', 'Edward', 'Jason', 'Jeffrey', 'Ryan', 'Jacob',
  'Dorothy', 'Carol', 'Amanda', 'Melissa', 'Deborah', 'Stephanie', 'Rebecca', 'Sharon', 'Laura', 'Cynthia',
  'José', 'María', 'Zoë', 'Chloé', 'Renée', 'Søren', 'Björn', 'Anaïs', 'Élodie', 'François',
  'Maren', 'Tobias', 'Ines', 'Kwame', 'Aiko', 'Ruben', 'Saoirse', 'Lior', 'Noor', 'Mateus',
  'Ilse', 'Dario', 'Femi', 'Hana', 'Oskar', 'Yara', 'Teodor', 'Marisol', 'Anouk', 'Jovan',
  'Priya', 'Ananya', 'Rahul', 'Vikram', 'Mei', 'Wei', 'Hiroshi', 'Yuki', 'Sven', 'Ingrid',
  'Lucía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Sebastián', 'Isabella', 'Nicolás', 'Gabriela', 'Diego',
  'Olusegun', 'Chiamaka', 'Tunde', 'Amara', 'Kofi', 'Ama', 'Zanele', 'Thabo', 'Aisha', 'Omar',
  'Léa', 'Chidi', 'Tomás', 'Siobhan', 'Niamh', 'Ciarán', 'Eoin', 'Aoife', 'Declan', 'Róisín',
  'Dmitri', 'Natasha', 'Katarzyna', 'Wojciech', 'Agnieszka', 'Jakub', 'Petra', 'Luka', 'Milena', 'Bogdan',
];

const FAMILY = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', 'Roberts',
  'Holloway', 'Brandt', 'Castellanos', 'Okafor', 'Lindqvist', 'Adeyemi', 'Nakamura', 'Haddad', 'Moreau', 'Kowalczyk',
  'Ferreira', 'Quill', 'Ashby', 'Mbeki', 'Núñez', 'Øvergaard', 'Weiß', 'Dupré', 'Müller', 'Schäfer',
  'Bergström', 'Åkesson', 'Jørgensen', 'Çelik', 'Yılmaz', 'Dvořák', 'Novák', 'Łukasik', 'Wróbel', 'Zieliński',
  'Fitzgerald', 'Gallagher', 'Donnelly', 'Kavanagh', 'Brennan', 'Whitfield', 'Pemberton', 'Ellsworth', 'Hargreaves', 'Blackwood',
  'Okonkwo', 'Mensah', 'Boateng', 'Asante', 'Diallo', 'Traoré', 'Ndlovu', 'Dlamini', 'Kariuki', 'Otieno',
  'Tanaka', 'Suzuki', 'Watanabe', 'Yamamoto', 'Kobayashi', 'Chen', 'Wang', 'Zhang', 'Liu', 'Huang',
  'Patel', 'Sharma', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Menon', 'Kapoor', 'Chatterjee', 'Banerjee',
  'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco',
  'Dubois', 'Lefebvre', 'Laurent', 'Girard', 'Bonnet', 'Fontaine', 'Rousseau', 'Mercier', 'Chevalier', 'Lambert',
  'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner', 'Becker', 'Hoffmann', 'Koch', 'Richter', 'Klein',
  'Ivanova', 'Petrov', 'Sokolov', 'Popescu', 'Horvat', 'Kovačević', 'Jovanović', 'Papadopoulos', 'Georgiou', 'Nikolaidis',
  'Abernathy', 'Bellweather', 'Crowther', 'Dunmore', 'Everhart', 'Fairbanks', 'Greenleaf', 'Hawthorne', 'Ironside', 'Kingsley',
  'Lockhart', 'Merriweather', 'Northcott', 'Oakridge', 'Prescott', 'Radcliffe', 'Stanhope', 'Thornbury', 'Underwood', 'Wolcott',
];

const ORG_FIRST = [
  'Northwind', 'Bluebird', 'Kestrel', 'Orbit', 'Mesa', 'Vireo', 'Lumen', 'Fjord', 'Harbour', 'Quill',
  'Cedar', 'Granite', 'Copper', 'Silver', 'Aurora', 'Beacon', 'Summit', 'Pioneer', 'Atlas', 'Meridian',
  'Crimson', 'Ember', 'Juniper', 'Lattice', 'Nimbus', 'Onyx', 'Prairie', 'Quarry', 'Redwood', 'Sable',
];
const ORG_SECOND = ['Analytics', 'Labs', 'Freight', 'Health', 'Works', 'Systems', 'Bakery', 'Capital', 'Robotics', 'Foods', 'Studio', 'Energy', 'Logistics', 'Media', 'Partners', 'Software', 'Bio', 'Insurance', 'Consulting', 'Outfitters'];
const TITLES = [
  'Staff Engineer', 'Head of Talent', 'Recruiter', 'Founder', 'VP Engineering', 'Product Manager', 'Data Scientist',
  'Teacher', 'Career Coach', 'Designer', 'Sales Director', 'Nurse', 'Accountant', 'Architect', 'Chef', 'Analyst',
];
const CITIES = ['Lisbon', 'Berlin', 'Austin', 'Toronto', 'Nairobi', 'Osaka', 'Kraków', 'Dublin', 'São Paulo', 'Lyon', 'Pune', 'Leeds'];

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;

export interface SyntheticPerson {
  givenName: string;
  familyName: string;
  organizationName: string | null;
  title: string | null;
  location: string | null;
  email: string | null;
}

/**
 * `count` people. A tenth carry a double-barrelled family name, so that names repeat about as
 * often as in a large real network (most full names are unique; a common one has a few holders).
 */
export function generatePeople(count: number, seed = 7): SyntheticPerson[] {
  const rand = seededRandom(seed);
  const organizations = ORG_FIRST.flatMap((a) => ORG_SECOND.map((b) => `${a} ${b}`));
  const people: SyntheticPerson[] = [];
  for (let i = 0; i < count; i += 1) {
    const givenName = pick(rand, GIVEN);
    const familyName = rand() < 0.1 ? `${pick(rand, FAMILY)}-${pick(rand, FAMILY)}` : pick(rand, FAMILY);
    const organizationName = rand() < 0.85 ? pick(rand, organizations) : null;
    const email = rand() < 0.3 ? `${givenName}.${familyName}${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, 'x') : null;
    people.push({ givenName, familyName, organizationName, title: rand() < 0.7 ? pick(rand, TITLES) : null, location: rand() < 0.5 ? pick(rand, CITIES) : null, email });
  }
  return people;
}

export type TypoKind = 'transposition' | 'missing' | 'extra';

/** One typo in `word`: two neighbouring letters swapped, a letter missing, or a letter doubled or added. */
export function withTypo(word: string, kind: TypoKind, rand: () => number): string {
  const letters = [...word];
  if (letters.length < 3) return word;
  // Not the first letter: people rarely get that wrong.
  const at = 1 + Math.floor(rand() * (letters.length - 1));
  switch (kind) {
    case 'transposition': {
      const i = Math.min(at, letters.length - 2);
      const [a, b] = [letters[i], letters[i + 1]];
      if (a === undefined || b === undefined || a === b) return withTypo(word, 'missing', rand);
      letters[i] = b;
      letters[i + 1] = a;
      return letters.join('');
    }
    case 'missing':
      letters.splice(at, 1);
      return letters.join('');
    case 'extra':
      letters.splice(at, 0, rand() < 0.5 ? (letters[at - 1] ?? 'e') : pick(rand, [...'aeiourstln']));
      return letters.join('');
  }
}

export interface TypoQuery {
  /** Index of the person in the list given to `typoQueries`. */
  person: number;
  query: string;
}

/**
 * `count` queries for people of `people`, each a full name as someone would type it, with one
 * typo in one of its words (a third of them with one typo in each word, as in "jonh smth"),
 * sometimes in lower case or without the accents.
 */
export function typoQueries(people: readonly SyntheticPerson[], count: number, seed = 11): TypoQuery[] {
  const rand = seededRandom(seed);
  const kinds: TypoKind[] = ['transposition', 'missing', 'extra'];
  const queries: TypoQuery[] = [];
  while (queries.length < count) {
    const person = Math.floor(rand() * people.length);
    const p = people[person];
    if (!p) continue;
    const words = [p.givenName, p.familyName.split('-')[0] ?? p.familyName];
    if (words.some((w) => [...w].length < 4)) continue;
    const both = rand() < 1 / 3;
    const which = Math.floor(rand() * 2);
    let typed = words.map((w, i) => (both || i === which ? withTypo(w, pick(rand, kinds), rand) : w));
    const style = rand();
    if (style < 0.4) typed = typed.map((w) => w.toLowerCase());
    if (style < 0.2) typed = typed.map((w) => w.normalize('NFKD').replace(/\p{M}/gu, ''));
    queries.push({ person, query: typed.join(' ') });
  }
  return queries;
}
