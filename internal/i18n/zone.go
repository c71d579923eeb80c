package i18n

import "time"

// A time shown to users carries a neutral label naming the country whose
// clock it is ("ora e Kosovës (CET)", "Kosovo time (CET)"), never the time
// zone database name, which stays in storage: "Europe/Belgrade" names a
// city of another country and reads, for a Kosovo NGO, as a statement.

// zoneCountry is the country whose clock each zone the portal offers is:
// a call's time zone is chosen as its country (see call.Zones).
var zoneCountry = map[string]string{
	"Europe/Belgrade": "kosovo",
	"Europe/Tirane":   "albania",
}

// ZoneCountry is the catalogue suffix of the country a stored zone stands
// for ("kosovo", "albania"), or "other".
func ZoneCountry(zone string) string {
	if c, ok := zoneCountry[zone]; ok {
		return c
	}
	return "other"
}

// ZoneLabel names the clock of zone at moment at for a reader of lang:
// "ora e Kosovës (CET)", "Kosovo time (CEST)", "kosovsko vreme (CET)".
// An unknown zone is "local time (UTC+01)"-like: its abbreviation only.
func (c *Catalogue) ZoneLabel(lang Lang, zone string, at time.Time) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	abbr, _ := at.In(loc).Zone()
	return c.T(lang, "zone."+ZoneCountry(zone), "abbr", abbr)
}

// When formats a moment in zone with its neutral label:
// "22 nëntor 2026 14:00, ora e Kosovës (CET)".
func (c *Catalogue) When(lang Lang, at time.Time, zone string) string {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		loc = time.UTC
	}
	return DateTime(lang, at, loc) + ", " + c.ZoneLabel(lang, zone, at)
}
