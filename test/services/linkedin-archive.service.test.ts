import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_TABLE_ORDER } from '../../src/contracts/transfer.schema.js';
import type { Db } from '../../src/db/database.js';
import { createServices, type Services } from '../../src/services/index.js';
import { fixedClock } from '../../src/services/runtime.js';
import { linkedInArchive, writeArchive } from '../support/linkedin-archive.js';
import { createTestDatabase, engineAvailable, testEngine, type TestDatabase } from '../support/test-database.js';
import { writeZip } from '../support/zip-writer.js';

const available = await engineAvailable();

/** The files staged by this process (local mode's StagedFiles: rapport-staged-…/pid-n), and its scratch folders. */
function stagedFiles(): string[] {
  return fs
    .readdirSync(os.tmpdir())
    .filter((n) => n.startsWith('rapport-staged-') || n.startsWith('rapport-scratch-'))
    .flatMap((n) => (n.startsWith('rapport-scratch-') ? [n] : fs.readdirSync(path.join(os.tmpdir(), n)).filter((f) => f.startsWith(`${process.pid}-`)).map((f) => path.join(n, f))));
}

/** Every row of every table of one workspace, and its settings: "nothing changed" means equal dumps. */
async function dump(db: Db, workspaceId: string): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const table of BACKUP_TABLE_ORDER) {
    const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)} where workspace_id = ${workspaceId}`.execute(db.kysely);
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  out['workspace'] = [await db.kysely.selectFrom('workspaces').select(['settings', 'data_version']).where('id', '=', workspaceId).executeTakeFirst()];
  return out;
}

describe.skipIf(!available)(`LinkedIn's data archive on ${testEngine}`, () => {
  let tdb: TestDatabase;
  let services: Services;
  let workspaceId: string;
  let dir: string;
  const clock = fixedClock('2026-03-03T14:00:00.000Z');
  const scope = () => ({ workspaceId });
  const contacts = () => tdb.db.kysely.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).orderBy('sort_name').orderBy('id').execute();
  const archive = (bytes = linkedInArchive(), name?: string) => writeArchive(dir, bytes, name);

  beforeAll(async () => {
    tdb = await createTestDatabase();
    services = createServices({ db: tdb.db, clock });
  });
  afterAll(async () => {
    await tdb?.destroy();
  });
  beforeEach(async () => {
    workspaceId = (await services.workspaces.create('test')).id;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-archive-'));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the connections, how we met from the invitations, and the profile; a re-import changes nothing', async () => {
    const file = archive();
    const before = await dump(tdb.db, workspaceId);
    const preview = await services.imports.previewArchive(scope(), file, { fileName: 'Basic_LinkedInDataExport.zip' });
    expect(preview).toMatchObject({
      format: 'linkedin',
      counts: { records: 4, new: 3, skipped: 1 },
      archive: { invitations: 2, profileFiles: ['Profile.csv', 'Positions.csv', 'Skills.csv'], skippedFiles: [] },
    });
    expect(preview.archive!.files.map((f) => f.name)).toEqual(['Connections.csv', 'Invitations.csv', 'messages.csv', 'Profile.csv', 'Positions.csv', 'Skills.csv']);
    expect(await dump(tdb.db, workspaceId)).toEqual(before);

    const result = await services.imports.importArchive(scope(), file);
    expect(result).toMatchObject({ created: 3, skipped: 1, profile: { filled: expect.arrayContaining(['headline', 'skills (+5)']) } });
    expect((await contacts()).map((c) => [c.display_name, c.how_we_met])).toEqual([
      ['Tariq Haddad', 'They invited you to connect on LinkedIn on 1 Oct 2024: “Hi Jordan, we met at the Lyon robotics meetup — happy to stay in touch.”'],
      ['Maren Holloway', 'Connected on LinkedIn on 9 Oct 2024'],
      ['Lena Vogt', 'You invited them to connect on LinkedIn on 14 Sep 2023'],
    ]);
    expect((await services.profile.get(scope())).headline).toBe('Engineering Manager | Robotics & Embedded Systems');
    const once = await dump(tdb.db, workspaceId);
    expect(await services.imports.importArchive(scope(), file)).toMatchObject({ created: 0, updated: 0, profile: { filled: [] } });
    // Only the settings' version moves (the profile was written again, unchanged).
    const twice = await dump(tdb.db, workspaceId);
    expect({ ...twice, workspace: null }).toEqual({ ...once, workspace: null });
    expect((twice['workspace']![0] as { settings: string }).settings).toBe((once['workspace']![0] as { settings: string }).settings);
  });

  it('fills the profile in the same transaction as the contacts: when the profile cannot be written, no contact is written either', async () => {
    const file = archive();
    const before = await dump(tdb.db, workspaceId);
    vi.spyOn(services.settings, 'update').mockRejectedValueOnce(new Error('disk full'));
    await expect(services.imports.importArchive(scope(), file)).rejects.toThrow('disk full');
    expect(await dump(tdb.db, workspaceId)).toEqual(before);
    expect(await contacts()).toEqual([]);
    // And when it can, both are there.
    await services.imports.importArchive(scope(), file);
    expect(await contacts()).toHaveLength(3);
    expect((await services.profile.get(scope())).skills).toContain('Robotics');
  });

  it('keeps what the seeker wrote in the profile, and leaves out a damaged Profile.csv, naming it, without refusing the archive', async () => {
    await services.profile.update(scope(), { headline: 'My own words' });
    const damaged = writeZip([
      { name: 'Connections.csv', data: 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAda,Quill,https://www.linkedin.com/in/ada-quill,,Lumen,CTO,09 Oct 2024\n' },
      { name: 'Profile.csv', data: 'Something,Else\n1,2\n' },
      { name: 'Skills.csv', data: 'Name\nRobotics\n' },
    ]);
    const preview = await services.imports.previewArchive(scope(), archive(damaged));
    expect(preview.archive).toMatchObject({ profileFiles: ['Skills.csv'], skippedFiles: [{ name: 'Profile.csv', reason: expect.stringMatching(/Profile\.csv/) }] });
    const result = await services.imports.importArchive(scope(), archive(damaged));
    expect(result).toMatchObject({ created: 1, profile: { filled: ['skills (+1)'] } });
    expect((await services.profile.get(scope())).headline).toBe('My own words');
  });

  it('refuses a ZIP that is not the archive, a zip bomb or a name that climbs out, and changes nothing', async () => {
    const before = await dump(tdb.db, workspaceId);
    await expect(services.imports.importArchive(scope(), archive(writeZip([{ name: 'photo.txt', data: 'not a photo' }]), 'photos.zip'))).rejects.toMatchObject({
      code: 'invalid',
      message: expect.stringContaining('has no Connections.csv'),
    });
    const bomb = writeZip([{ name: 'Connections.csv', data: Buffer.alloc(4 * 1024 * 1024) }, { name: 'Profile.csv', data: 'First Name,Last Name,Headline\nX,Y,Z\n' }]);
    await expect(services.imports.importArchive(scope(), archive(bomb, 'bomb.zip'))).rejects.toMatchObject({ code: 'invalid', message: expect.stringContaining('zip bomb') });
    const climbing = linkedInArchive({ extra: [{ name: '../../etc/messages.csv', data: 'x' }] });
    await expect(services.imports.importArchive(scope(), archive(climbing, 'climb.zip'))).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/\.\.\/|relative path/) });
    const notZip = path.join(dir, 'notes.zip');
    fs.writeFileSync(notZip, 'PK\u0003\u0004 but nothing else');
    await expect(services.imports.importArchive(scope(), notZip)).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/^Not a ZIP archive that can be read/) });
    expect(await dump(tdb.db, workspaceId)).toEqual(before);
    expect((await services.profile.get(scope())).headline).toBe('');
  });

  it('stages an archive for the web, keeps only the files it reads until the commit, then removes them', async () => {
    const before = stagedFiles();
    const staged = await services.imports.stageArchive(scope(), archive(), 'Basic_LinkedInDataExport.zip');
    // The six files Rapport reads wait, each staged on its own (not the archive, no scratch folder).
    expect(stagedFiles().filter((f) => !before.includes(f))).toHaveLength(6);
    expect(staged.preview.archive!.files.map((f) => f.name).sort()).toEqual(['Connections.csv', 'Invitations.csv', 'Positions.csv', 'Profile.csv', 'Skills.csv', 'messages.csv']);
    expect(staged.preview).toMatchObject({ format: 'linkedin', counts: { new: 3 }, archive: { invitations: 2 } });
    await expect(services.imports.remap(scope(), staged.id, { Company: 'notes' })).rejects.toMatchObject({ code: 'conflict' });
    await services.imports.commit(scope(), staged.id, {});
    await expect.poll(async () => (await services.imports.job(scope(), staged.id)).status).toBe('done');
    expect((await services.imports.job(scope(), staged.id)).result).toMatchObject({ created: 3, profile: { filled: expect.arrayContaining(['headline']) } });
    expect((await contacts()).map((c) => c.given_name).sort()).toEqual(['Lena', 'Maren', 'Tariq']);
    await expect.poll(() => stagedFiles()).toEqual(before);
  });
});
