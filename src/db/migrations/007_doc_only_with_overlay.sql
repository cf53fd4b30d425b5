-- The effective document is stored only where a curator overlay changes it: `doc` is NULL when the
-- record is its base document, as almost every harvested record is. Storing a copy of every base doubled
-- the largest value of a harvested row (an out-of-line TOAST write and a seventh of the write-ahead log of
-- an upsert). Readers take coalesce(doc, base); the item properties column follows the same rule.
DROP INDEX records_props_idx;
ALTER TABLE records DROP COLUMN props;
ALTER TABLE records ALTER COLUMN doc DROP NOT NULL;
UPDATE records SET doc = NULL WHERE overlay IS NULL;
ALTER TABLE records ADD COLUMN props jsonb GENERATED ALWAYS AS (coalesce(doc, base) -> 'properties') STORED;
ALTER TABLE records ALTER COLUMN props SET STORAGE MAIN;
DO $$
BEGIN
  ALTER TABLE records ALTER COLUMN props SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
CREATE INDEX records_props_idx ON records USING gin (props jsonb_path_ops);
