-- A version row holds its base document only once a later version supersedes it; the latest version's base
-- is the record's own (NULL in its version row). Storing a record then writes its document once instead of
-- twice: a copy in the version row was a TOAST value of its own, compressed again, and a seventh of the
-- write-ahead log of a harvested record. The superseded version's base is filled in by a trigger from the
-- row as it was before the change, under the row's lock, whatever statement moves the record's version on.
-- Version rows written before this migration keep their copy.
ALTER TABLE record_versions ALTER COLUMN base DROP NOT NULL;

CREATE FUNCTION meridian_keep_superseded_base() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE record_versions SET base = OLD.base
  WHERE record_pk = OLD.pk AND version = OLD.version AND base IS NULL;
  RETURN NEW;
END
$$;

CREATE TRIGGER records_keep_superseded_base
  BEFORE UPDATE OF version ON records
  FOR EACH ROW WHEN (NEW.version <> OLD.version)
  EXECUTE FUNCTION meridian_keep_superseded_base();
