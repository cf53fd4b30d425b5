-- The short texts of a record (its key, provenance and content hash) stay in its row: STORAGE MAIN, where
-- they were EXTENDED. A harvested row keeps its properties and free text in the row (003) and is still above
-- the 2 kB TOAST target once its documents have gone out of line, so PostgreSQL went on to move its id,
-- native id and content hash out of line too: three more TOAST rows and TOAST index entries per record, and
-- a TOAST index probe for every id a search, a sweep or a listing reads. MAIN values leave the row only when
-- it would not fit a page.
ALTER TABLE records
  ALTER COLUMN kind SET STORAGE MAIN,
  ALTER COLUMN collection_id SET STORAGE MAIN,
  ALTER COLUMN id SET STORAGE MAIN,
  ALTER COLUMN native_format SET STORAGE MAIN,
  ALTER COLUMN source_id SET STORAGE MAIN,
  ALTER COLUMN native_id SET STORAGE MAIN,
  ALTER COLUMN content_hash SET STORAGE MAIN;
-- Stored rows keep their out-of-line values until they are rewritten: CLUSTER rewrites the table (in primary
-- key order, the order of insertion) and stores every value again under the rules above.
CLUSTER records USING records_pkey;
