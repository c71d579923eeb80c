package remind

import (
	"strconv"
	"time"
)

// day is a pass's moment and the local calendar of its zone.
type day struct {
	now  time.Time
	loc  *time.Location
	zone string
}

// today is the local date at now, as midnight UTC of that date (how
// dates without a clock are kept).
func (d day) today() time.Time {
	l := d.now.In(d.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// date is the local date of moment t, as midnight UTC.
func (d day) date(t time.Time) time.Time {
	l := t.In(d.loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
}

// endOfDay is the first moment (UTC) after the local day n days from today.
func (d day) endOfDay(n int) time.Time {
	t := d.today().AddDate(0, 0, n+1)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, d.loc).UTC()
}

// bucket is the once-key of a reminder about an item due on due (a date):
// "due:<date>" while it is not late, so a new due date reminds again;
// "overdue:<date>:<n>" once late, n counting weeks of lateness, so an
// overdue item is reminded on its first late day and every OverdueEvery
// days after.
func (d day) bucket(due time.Time) (string, bool) {
	late := int(d.today().Sub(due).Hours() / 24)
	if late <= 0 {
		return "due:" + due.Format(dateLayout), false
	}
	return "overdue:" + due.Format(dateLayout) + ":" + strconv.Itoa((late-1)/OverdueEvery), true
}

const dateLayout = "2006-01-02"
