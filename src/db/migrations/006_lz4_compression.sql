-- The large columns compressed with LZ4 where the server has it (Debian's PostgreSQL does; PGlite does not
-- and keeps pglz). Storing a harvested record compresses its STAC document, effective document, properties,
-- native document and the copy in its version row: with pglz that was a fifth of the time of the write.
-- Values already stored keep their compression until they are rewritten.
DO $$
BEGIN
  ALTER TABLE records
    ALTER COLUMN base SET COMPRESSION lz4,
    ALTER COLUMN overlay SET COMPRESSION lz4,
    ALTER COLUMN doc SET COMPRESSION lz4,
    ALTER COLUMN props SET COMPRESSION lz4,
    ALTER COLUMN native_document SET COMPRESSION lz4,
    ALTER COLUMN search_text SET COMPRESSION lz4;
  ALTER TABLE record_versions
    ALTER COLUMN base SET COMPRESSION lz4,
    ALTER COLUMN overlay SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END $$;
