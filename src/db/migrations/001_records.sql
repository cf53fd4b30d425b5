-- Meridian's system of record: STAC collections and items with their native documents,
-- provenance, curator overlays, versions and tombstones. Runs on PostgreSQL 15 + PostGIS 3.3
-- and on PGlite (PostgreSQL 18 + PostGIS 3.6).
CREATE EXTENSION IF NOT EXISTS postgis;

-- Accent folding without the unaccent extension (not available on every install):
-- enough for the Latin scripts of European metadata.
CREATE FUNCTION meridian_unaccent(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT translate(value,
    'ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆĈĊČçćĉċčĎĐďđÈÉÊËĒĔĖĘĚèéêëēĕėęěĜĞĠĢĝğġģĤĦĥħÌÍÎÏĨĪĬĮİìíîïĩīĭįıĴĵĶķĹĻĽĿŁĺļľŀłÑŃŅŇñńņňÒÓÔÕÖØŌŎŐòóôõöøōŏőŔŖŘŕŗřŚŜŞŠśŝşšŢŤŦţťŧÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűųŴŵÝŶŸýÿŷŹŻŽźżž',
    'AAAAAAAAAaaaaaaaaaCCCCCcccccDDddEEEEEEEEEeeeeeeeeeGGGGggggHHhhIIIIIIIIIiiiiiiiiiJjKkLLLLLlllllNNNNnnnnOOOOOOOOOoooooooooRRRrrrSSSSssssTTTtttUUUUUUUUUUuuuuuuuuuuWwYYYyyyZZZzzz')
$$;

-- Casts text to a timestamp, or NULL when it is not one (a filter never fails on a bad value).
CREATE FUNCTION meridian_timestamptz(value text) RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN value::timestamptz;
EXCEPTION WHEN others THEN
  RETURN NULL;
END
$$;

-- Orders record changes strictly, even within one clock tick.
CREATE SEQUENCE record_change_seq;

CREATE TABLE records (
  pk              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('collection', 'item')),
  -- the parent collection of an item; '' for a collection
  collection_id   text NOT NULL DEFAULT '',
  id              text NOT NULL,
  -- the STAC document as harvested, imported or written through the API
  base            jsonb NOT NULL,
  -- the curator's JSON merge patch over base; it survives re-harvests
  overlay         jsonb,
  -- the effective record: base merged with overlay
  doc             jsonb NOT NULL,
  native_format   text,
  native_document text,
  source_id       text,
  native_id       text,
  harvested_at    timestamptz,
  content_hash    text NOT NULL,
  -- search columns derived from doc: footprint, time interval ('-infinity'/'infinity' for open ends), text
  geom            geometry(Geometry, 4326),
  dt_start        timestamptz,
  dt_end          timestamptz,
  search_text     tsvector,
  -- the last change of the record (any change: base, overlay, deletion)
  datestamp       timestamptz NOT NULL,
  change_seq      bigint NOT NULL,
  version         integer NOT NULL DEFAULT 1,
  deleted         boolean NOT NULL DEFAULT false,
  UNIQUE (kind, collection_id, id)
);

CREATE INDEX records_geom_idx ON records USING gist (geom);
CREATE INDEX records_items_time_idx ON records (collection_id, dt_start DESC, id) WHERE kind = 'item';
CREATE INDEX records_time_idx ON records (dt_start DESC, collection_id, id);
CREATE INDEX records_interval_idx ON records (dt_end, dt_start);
CREATE INDEX records_id_idx ON records (id);
CREATE INDEX records_text_idx ON records USING gin (search_text);
CREATE INDEX records_properties_idx ON records USING gin ((doc -> 'properties') jsonb_path_ops);
CREATE INDEX records_datestamp_idx ON records (datestamp, id);
CREATE INDEX records_change_idx ON records (change_seq);
CREATE INDEX records_source_idx ON records (source_id, native_id) WHERE source_id IS NOT NULL;

-- Every version of every record: who changed it, when, what changed, and the state after the change.
CREATE TABLE record_versions (
  record_pk     bigint NOT NULL REFERENCES records (pk) ON DELETE CASCADE,
  version       integer NOT NULL,
  change        text NOT NULL CHECK (change IN ('created', 'updated', 'overlay', 'deleted', 'restored')),
  changed_paths text[] NOT NULL DEFAULT '{}',
  changed_by    text NOT NULL,
  changed_at    timestamptz NOT NULL,
  base          jsonb NOT NULL,
  overlay       jsonb,
  deleted       boolean NOT NULL,
  PRIMARY KEY (record_pk, version)
);

-- API tokens, stored as SHA-256 hashes; the token itself is shown once at creation.
CREATE TABLE api_tokens (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('reader', 'curator', 'admin')),
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz
);
