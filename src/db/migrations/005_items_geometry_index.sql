-- The footprint index covers items only. Collections are few and are found through their kind; with one
-- index over every record, the planner (whose PostGIS estimate of a box search falls far below the truth
-- when many footprints are global) read the footprints of every matching item to find a few collections.
DROP INDEX records_geom_idx;
CREATE INDEX records_items_geom_idx ON records USING gist (geom) WHERE kind = 'item';
