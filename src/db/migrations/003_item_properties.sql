-- Item properties in a column of their own, kept in the row (STORAGE MAIN) rather than out of line:
-- filters, sorts and aggregations read them, and rechecking an index match then reads one page per
-- record instead of decompressing the whole (TOASTed) document. The free text stays in the row too.
ALTER TABLE records ADD COLUMN props jsonb GENERATED ALWAYS AS (doc -> 'properties') STORED;
ALTER TABLE records ALTER COLUMN props SET STORAGE MAIN;
ALTER TABLE records ALTER COLUMN search_text SET STORAGE MAIN;
DROP INDEX records_properties_idx;
CREATE INDEX records_props_idx ON records USING gin (props jsonb_path_ops);
