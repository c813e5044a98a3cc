-- "My tasks" lists the events of a grid in the statuses waiting for its worker. Its reads run as
-- prepared statements with generic plans (docs/decisions/0008-my-tasks-raw-reads.md); without this
-- index such a plan intersects the grid's range with every event of the province in that status.
CREATE INDEX ix_grid_events_region_code_status ON grid_events (region_code, status);
