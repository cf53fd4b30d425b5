import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
const t0 = Date.now();
const db = await PGlite.create({ dataDir: '/tmp/t/data', extensions: { postgis } });
await db.exec('CREATE EXTENSION IF NOT EXISTS postgis');
const r = await db.query<{v:string}>("select postgis_full_version() as v, version() as pv, ST_AsText(ST_MakeEnvelope(170,-10,190,10,4326)) as e");
console.log(r.rows, Date.now()-t0);
