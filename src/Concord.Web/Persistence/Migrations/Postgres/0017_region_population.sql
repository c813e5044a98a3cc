-- Residents of a place per the statistics office (towns, villages): the base of per-10,000 figures in rankings. NULL = unknown.
ALTER TABLE regions ADD resident_population integer;
