import { MULTI_COLUMN_FIELDS, type ColumnMapping, type CsvField, type ImportMapping } from '../contracts/transfer.schema.js';
import { MappingError } from './contact-import.types.js';
import { shown } from './contact-fields.js';

/*
 * Which field a CSV column holds, from its header, in the languages address books are used
 * in (English, German, French, Spanish, Dutch, Italian, Portuguese), as Google Contacts does
 * for files it does not know. Headers are compared without case, accents or punctuation:
 * "E-Mail-Adresse", "e-mail adresse" and "EMAIL ADRESSE" are one header.
 *
 * A header is looked up whole; then without a trailing number ("Web Page 2", "E-mail 3");
 * then without a word saying whose it is ("Work Phone", "Ort geschäftlich", "Ville (bureau)"),
 * which becomes the label of a phone or email and the group of an address part. A header
 * that is still unknown but speaks of email or phone is taken for one, unless it is a type or
 * label column. Everything else is reported as not recognised and not read.
 */

type Group = 'work' | 'home' | 'other';

interface Guess {
  field: CsvField;
  /** A phone's or email's label (mobile, work, fax...). */
  label?: string | undefined;
  /** Whose address a city, region or country is: business first, for a job search. */
  group?: Group | undefined;
  /** Not in the table: guessed from a word of the header ("Radio Phone"). */
  fallback?: boolean | undefined;
}

const SYNONYMS: Array<[CsvField, string | undefined, string[]]> = [
  ['givenName', undefined, ['first name', 'firstname', 'given name', 'forename', 'vorname', 'prénom', 'nombre de pila', 'voornaam', 'roepnaam', 'nome', 'primeiro nome', 'nome próprio', 'nombre']],
  [
    'familyName',
    undefined,
    ['last name', 'lastname', 'surname', 'family name', 'nachname', 'familienname', 'nom', 'nom de famille', 'apellido', 'apellidos', 'primer apellido', 'achternaam', 'familienaam', 'cognome', 'sobrenome', 'último nome'],
  ],
  ['middleName', undefined, ['middle name', 'middle names', 'additional name', 'weitere vornamen', 'zweiter vorname', 'deuxième prénom', 'second prénom', 'segundo nombre', 'secondo nome', 'nome do meio']],
  [
    'fullName',
    undefined,
    [
      'name',
      'full name',
      'fullname',
      'display name',
      'contact name',
      'anzeigename',
      'vollständiger name',
      'nom complet',
      'nom à afficher',
      'nom affiché',
      'nombre completo',
      'nombre para mostrar',
      'naam',
      'volledige naam',
      'weergavenaam',
      'nome completo',
      'nome visualizzato',
      'nome de exibição',
    ],
  ],
  [
    'email',
    undefined,
    [
      'email',
      'e mail',
      'email address',
      'e mail address',
      'emails',
      'mail',
      'primary email',
      'e mail adresse',
      'emailadresse',
      'primäre e mail adresse',
      'courriel',
      'adresse courriel',
      'adresse e mail',
      'adresse email',
      'adresse électronique',
      'adresse électronique principale',
      'adresse de messagerie',
      'correo',
      'correo electrónico',
      'dirección de correo',
      'dirección de correo electrónico',
      'e mailadres',
      'emailadres',
      'e mail adres',
      'indirizzo email',
      'indirizzo e mail',
      'posta elettronica',
      'endereço de email',
      'endereço de e mail',
      'endereço eletrônico',
      'correio eletrónico',
      'correio eletrônico',
    ],
  ],
  ['email', 'other', ['secondary email', 'sekundäre e mail adresse', 'adresse électronique secondaire']],
  [
    'phone',
    undefined,
    [
      'phone',
      'phone number',
      'telephone',
      'telephone number',
      'tel',
      'primary phone',
      'telefon',
      'telefonnummer',
      'numéro de téléphone',
      'teléfono',
      'número de teléfono',
      'telefoon',
      'telefoonnummer',
      'telefono',
      'numero di telefono',
      'telefone',
      'número de telefone',
    ],
  ],
  [
    'phone',
    'mobile',
    [
      'mobile',
      'mobile phone',
      'mobile number',
      'cell',
      'cell phone',
      'cellphone',
      'handy',
      'mobil',
      'mobiltelefon',
      'mobilnummer',
      'handynummer',
      'mobil tel nr',
      'portable',
      'téléphone portable',
      'téléphone mobile',
      'móvil',
      'teléfono móvil',
      'celular',
      'mobiel',
      'mobiel nummer',
      'mobiele telefoon',
      'gsm',
      'cellulare',
      'telefono cellulare',
      'telemóvel',
      'telefone celular',
    ],
  ],
  ['phone', 'fax', ['fax', 'fax number', 'faxnummer', 'fax nummer', 'télécopie', 'numéro de fax', 'número de fax', 'numero di fax']],
  ['phone', 'pager', ['pager', 'pager number', 'pager nummer']],
  [
    'organization',
    undefined,
    [
      'company',
      'company name',
      'organization',
      'organisation',
      'organization name',
      'employer',
      'firma',
      'firmenname',
      'unternehmen',
      'arbeitgeber',
      'société',
      'entreprise',
      'employeur',
      'organisme',
      'empresa',
      'compañía',
      'organización',
      'bedrijf',
      'bedrijfsnaam',
      'organisatie',
      'werkgever',
      'azienda',
      'società',
      'organizzazione',
      'datore di lavoro',
      'organização',
      'companhia',
    ],
  ],
  ['department', undefined, ['department', 'dept', 'division', 'abteilung', 'service', 'département', 'departamento', 'afdeling', 'reparto', 'dipartimento']],
  [
    'title',
    undefined,
    [
      'job title',
      'title',
      'position',
      'role',
      'job',
      'function',
      'occupation',
      'berufsbezeichnung',
      'funktion',
      'beruf',
      'stellenbezeichnung',
      'arbeitstitel',
      'poste',
      'fonction',
      'titre',
      'intitulé du poste',
      'profession',
      'métier',
      'cargo',
      'puesto',
      'título',
      'función',
      'ocupación',
      'functie',
      'functietitel',
      'beroep',
      'rol',
      'ruolo',
      'qualifica',
      'mansione',
      'professione',
      'função',
      'profissão',
    ],
  ],
  ['location', undefined, ['location', 'address', 'standort', 'adresse', 'lieu', 'dirección', 'ubicación', 'adres', 'locatie', 'indirizzo', 'località', 'endereço', 'localização']],
  ['city', undefined, ['city', 'town', 'stadt', 'ort', 'ville', 'commune', 'ciudad', 'localidad', 'población', 'stad', 'plaats', 'woonplaats', 'città', 'comune', 'cidade', 'localidade']],
  ['region', undefined, ['state', 'region', 'province', 'county', 'state province', 'bundesland', 'kanton', 'bundesland kanton', 'région', 'état', 'provincia', 'estado', 'comunidad', 'provincie', 'regio', 'regione', 'distrito']],
  ['country', undefined, ['country', 'country region', 'land', 'land region', 'pays', 'pays région', 'país', 'paese', 'nazione', 'pais']],
  [
    'website',
    undefined,
    [
      'website',
      'web site',
      'web page',
      'webpage',
      'url',
      'homepage',
      'home page',
      'linkedin',
      'linkedin url',
      'linkedin profile',
      'profile url',
      'webseite',
      'internetseite',
      'site web',
      'site internet',
      'page web',
      'sitio web',
      'página web',
      'web',
      'site',
      'sito web',
      'sito',
    ],
  ],
  [
    'notes',
    undefined,
    [
      'notes',
      'note',
      'comments',
      'comment',
      'remarks',
      'description',
      'notizen',
      'notiz',
      'bemerkungen',
      'anmerkungen',
      'kommentar',
      'remarques',
      'commentaires',
      'commentaire',
      'notas',
      'nota',
      'comentarios',
      'observaciones',
      'notities',
      'notitie',
      'opmerkingen',
      'opmerking',
      'commenti',
      'osservazioni',
      'observações',
      'comentários',
    ],
  ],
  [
    'tags',
    undefined,
    [
      'tags',
      'tag',
      'labels',
      'label',
      'categories',
      'category',
      'groups',
      'group',
      'group membership',
      'kategorien',
      'kategorie',
      'gruppen',
      'gruppe',
      'schlagwörter',
      'catégories',
      'catégorie',
      'groupes',
      'groupe',
      'étiquettes',
      'etiquetas',
      'etiqueta',
      'categorías',
      'categoría',
      'grupos',
      'grupo',
      'categorieën',
      'groepen',
      'groep',
      'etichette',
      'categorie',
      'gruppi',
      'marcadores',
      'categorias',
      'rótulos',
    ],
  ],
  [
    'birthday',
    undefined,
    [
      'birthday',
      'birth date',
      'birthdate',
      'date of birth',
      'dob',
      'geburtstag',
      'geburtsdatum',
      'anniversaire',
      'date de naissance',
      'cumpleaños',
      'fecha de nacimiento',
      'verjaardag',
      'geboortedatum',
      'compleanno',
      'data di nascita',
      'aniversário',
      'data de nascimento',
    ],
  ],
  ['birthYear', undefined, ['birth year', 'geburtsjahr', 'année de naissance', 'año de nacimiento', 'geboortejaar', 'anno di nascita', 'ano de nascimento']],
  ['birthMonth', undefined, ['birth month', 'geburtsmonat', 'mois de naissance', 'mes de nacimiento', 'geboortemaand', 'mese di nascita', 'mês de nascimento']],
  ['birthDay', undefined, ['birth day', 'jour de naissance', 'día de nacimiento', 'geboortedag', 'giorno di nascita', 'dia de nascimento']],
  ['howWeMet', undefined, ['how we met', 'how met', 'met at', 'wie kennengelernt', 'comment rencontré', 'cómo nos conocimos', 'hoe ontmoet', 'come ci siamo conosciuti', 'como nos conhecemos']],
  // Known, and deliberately not read: Rapport keeps a place, not a street, and no nickname.
  [
    'ignore',
    undefined,
    [
      'nickname',
      'screen name',
      'spitzname',
      'messenger name',
      'surnom',
      'apodo',
      'bijnaam',
      'soprannome',
      'street',
      'street address',
      'address 2',
      'address line 2',
      'zip',
      'zipcode',
      'zip code',
      'postal code',
      'postcode',
      'plz',
      'postleitzahl',
      'straße',
      'strasse',
      'code postal',
      'rue',
      'código postal',
      'calle',
      'straat',
      'cap',
      'via',
      'rua',
      'custom',
      'benutzerdef',
      'id',
      'uid',
      'photo',
      'picture',
      'prefix',
      'suffix',
      'salutation',
      'anrede',
      'civilité',
      'gender',
      'geschlecht',
      'file as',
      'created',
      'modified',
      'last modified',
    ],
  ],
];

const GROUP_WORDS: Record<Group, string[]> = {
  work: ['work', 'business', 'office', 'dienstlich', 'geschäftlich', 'bureau', 'professionnel', 'professionnelle', 'trabajo', 'werk', 'zakelijk', 'lavoro', 'ufficio', 'trabalho', 'comercial'],
  home: ['home', 'private', 'personal', 'privat', 'domicile', 'personnel', 'personnelle', 'casa', 'particular', 'thuis', 'privé', 'personale', 'residencial', 'pessoal'],
  other: ['other', 'weitere', 'weiteres', 'weiterer', 'autre', 'otro', 'otra', 'ander', 'andere', 'altro', 'outro'],
};

/** Lower case, no accents, punctuation as single spaces: "E-Mail-Adresse" → "e mail adresse". */
export function headerWords(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const TABLE: ReadonlyMap<string, Guess> = (() => {
  const map = new Map<string, Guess>();
  for (const [field, label, names] of SYNONYMS) {
    for (const name of names) {
      const key = headerWords(name);
      if (!map.has(key)) map.set(key, label ? { field, label } : { field });
    }
  }
  return map;
})();

const GROUP_OF: ReadonlyMap<string, Group> = new Map(
  (Object.entries(GROUP_WORDS) as Array<[Group, string[]]>).flatMap(([group, words]) => words.map((w) => [headerWords(w), group] as const)),
);

const ADDRESS_PARTS = new Set<CsvField>(['city', 'region', 'country', 'location']);

/** The field a header names, or null when the table does not know it. */
export function guessField(header: string): Guess | null {
  const words = headerWords(header);
  if (words === '') return null;
  const direct = lookup(words);
  if (direct) return direct;
  // Whose it is, as the first or last word: "Work Phone", "Ort geschäftlich", "Home City".
  const parts = words.split(' ');
  for (const [group, rest] of [
    [GROUP_OF.get(parts[0]!), parts.slice(1)],
    [GROUP_OF.get(parts.at(-1)!), parts.slice(0, -1)],
  ] as const) {
    if (!group || rest.length === 0) continue;
    const inner = lookup(rest.join(' '));
    if (!inner || inner.field === 'ignore') {
      if (inner) return inner;
      continue;
    }
    if (inner.field === 'phone' || inner.field === 'email') return { field: inner.field, label: inner.label === 'other' || !inner.label ? group : inner.label };
    if (ADDRESS_PARTS.has(inner.field)) return { field: inner.field, group };
    return inner;
  }
  // A header that speaks of mail or phone, unless it describes another column.
  if (/\b(type|label|display|typ|kind|angezeigter|affiche|afficher)\b/.test(words)) return null;
  if (/\b(e ?mail|courriel|correo|email)\b/.test(words)) return { field: 'email', fallback: true };
  if (/\b(phone|telephone|telefon|telefono|telefone|telefoon|mobile|mobil|handy)\b/.test(words)) return { field: 'phone', fallback: true };
  return null;
}

function lookup(words: string): Guess | null {
  const exact = TABLE.get(words);
  if (exact) return exact;
  // "Web Page 2", "E-mail 3", "Custom 4": numbered copies of a known column.
  const unnumbered = words.replace(/ ?\d+$/, '');
  return unnumbered !== words && unnumbered !== '' ? (TABLE.get(unnumbered) ?? null) : null;
}

/** A column of the file and how it is read. */
export interface ColumnPlan {
  index: number;
  /** The header as spelled in the file, or "Column N" when it has none. */
  column: string;
  field: CsvField;
  recognised: boolean;
  label?: string | undefined;
  group?: Group | undefined;
  /** The file gives this column no header. */
  unnamed?: boolean | undefined;
}

const IDENTITY_FIELDS = new Set<CsvField>(['givenName', 'familyName', 'fullName', 'email', 'organization']);

/** True when the synonyms table recognises enough of a header row to read people from it. */
export function isRecognisableHeader(cells: string[]): boolean {
  let recognised = 0;
  let identity = false;
  for (const cell of cells) {
    const guess = guessField(cell);
    if (!guess) continue;
    recognised++;
    if (IDENTITY_FIELDS.has(guess.field)) identity = true;
  }
  return identity && recognised >= 2;
}

/** The names of the fields, as the preview, the CLI and problem messages say them. */
export const CSV_FIELD_NAMES: Record<CsvField, string> = {
  givenName: 'first name',
  familyName: 'last name',
  middleName: 'middle name',
  fullName: 'full name',
  email: 'email',
  phone: 'phone',
  organization: 'organization',
  department: 'department',
  title: 'title',
  location: 'location',
  city: 'city',
  region: 'region',
  country: 'country',
  website: 'web page (LinkedIn profile)',
  notes: 'notes',
  tags: 'tags',
  birthday: 'birthday',
  birthYear: 'birth year',
  birthMonth: 'birth month',
  birthDay: 'birth day',
  howWeMet: 'how we met',
  ignore: 'ignore',
};

const columnName = (header: string, index: number) => header.trim() || `Column ${index + 1}`;

/**
 * How each column is read: the user's choice where there is one (`overrides`, by header),
 * else the synonyms table's guess. A field other than emails, phones, web pages, notes, tags
 * and address parts comes from one column: a later guess for a field already read is not
 * used, and a guess gives way to a column the user chose for that field. Throws MappingError
 * (each problem naming its column) for a column the file does not have, a field chosen for
 * two columns, or a mapping from which no person can be read.
 */
export function planColumns(header: string[], overrides?: ColumnMapping): ColumnPlan[] {
  const plans: ColumnPlan[] = header.map((cell, index) => {
    const guess = guessField(cell);
    const unnamed = cell.trim() === '';
    return guess
      ? { index, column: columnName(cell, index), recognised: true, field: guess.field, label: guess.label, group: guess.group, unnamed }
      : { index, column: columnName(cell, index), field: 'ignore', recognised: false, unnamed };
  });
  // Thunderbird's German "Geburtstag" beside "Geburtsjahr" and "Geburtsmonat" is the day of the month.
  if (plans.some((p) => p.field === 'birthYear' || p.field === 'birthMonth')) {
    for (const plan of plans) if (plan.field === 'birthday') plan.field = 'birthDay';
  }

  const issues: Array<{ column: string; message: string }> = [];
  const chosen = new Set<ColumnPlan>();
  for (const [name, field] of Object.entries(overrides ?? {})) {
    const key = headerWords(name);
    const targets = plans.filter((p) => headerWords(p.column) === key || p.column.trim().toLowerCase() === name.trim().toLowerCase());
    if (targets.length === 0) {
      const known = plans.slice(0, 12).map((p) => `"${shown(p.column)}"`).join(', ');
      issues.push({ column: name, message: `the file has no column "${shown(name)}"; its columns are ${known}${plans.length > 12 ? ', …' : ''}` });
      continue;
    }
    for (const plan of targets) {
      if (plan.field !== field) {
        plan.label = undefined;
        plan.group = undefined;
      }
      plan.field = field;
      plan.recognised = true;
      chosen.add(plan);
    }
  }

  const firstOf = new Map<CsvField, ColumnPlan>();
  for (const plan of [...plans.filter((p) => chosen.has(p)), ...plans.filter((p) => !chosen.has(p))]) {
    if (MULTI_COLUMN_FIELDS.has(plan.field)) continue;
    const first = firstOf.get(plan.field);
    if (!first) {
      firstOf.set(plan.field, plan);
    } else if (chosen.has(plan)) {
      issues.push({
        column: plan.column,
        message: `${CSV_FIELD_NAMES[plan.field]} is already read from column "${shown(first.column)}": only emails, phones, web pages, notes, tags and address parts may come from several columns`,
      });
    } else {
      plan.field = 'ignore';
    }
  }
  if (issues.length === 0 && overrides && Object.keys(overrides).length > 0 && !plans.some((p) => IDENTITY_FIELDS.has(p.field))) {
    issues.push({ column: '', message: 'no column gives a name, an email or an organization: no person could be read' });
  }
  if (issues.length > 0) {
    throw new MappingError(`The column mapping cannot be used: ${issues.map((i) => (i.column ? `${i.column}: ${i.message}` : i.message)).join('; ')}`, issues);
  }
  return plans;
}

/** At most this many columns are listed in a preview: a wider header is not an address book. */
export const MAX_LISTED_COLUMNS = 500;

/** The first value of each column, kept while the file is read, for the preview. */
export class ColumnSamples {
  private readonly samples: Array<string | null>;

  constructor(private readonly plans: ColumnPlan[]) {
    this.samples = plans.slice(0, MAX_LISTED_COLUMNS).map(() => null);
  }

  see(cells: string[]): void {
    for (let i = 0; i < this.samples.length; i++) {
      if (this.samples[i] === null && cells[i] && cells[i]!.trim() !== '') this.samples[i] = shown(cells[i]!);
    }
  }

  /** Every column, but one without a header or a value (Thunderbird ends each line with a comma). */
  report(): ImportMapping {
    return {
      columns: this.plans
        .slice(0, MAX_LISTED_COLUMNS)
        .map((p, i) => ({ column: p.column, field: p.field, recognised: p.recognised, sample: this.samples[i] ?? null, unnamed: p.unnamed }))
        .filter((c) => !(c.unnamed && c.sample === null && !c.recognised))
        .map(({ unnamed: _unnamed, ...c }) => c),
    };
  }
}
