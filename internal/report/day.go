package report

import "time"

// parseDay reads an ISO day as midnight UTC.
func parseDay(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }
