-- Each listed event's running deadline (the sort key), read from this small partial index alone.
CREATE INDEX "ix_event_deadlines_running" ON "event_deadlines" ("event_id", "due_at", "region_code") WHERE met_at IS NULL;
