package review

import (
	"slices"
	"strings"

	"github.com/subgrant/portal/internal/i18n"
)

// Candidate is a voting evaluator of a call as the assignment plan sees it:
// the languages it reads and its current load (active assignments in the
// call).
type Candidate struct {
	UserID    int64
	Languages string // comma-separated codes, as committee_members keeps them
	Load      int
}

// textLang is the language an application is written in, from its
// submitter's account language: Serbian in either script is "sr".
func textLang(accountLang string) string {
	if l, ok := i18n.ParseLang(accountLang); ok {
		return string(l.Base())
	}
	return accountLang
}

// reads reports whether the candidate reads lang.
// Serbian in either script is Serbian.
func (c Candidate) reads(lang string) bool {
	lang = textLang(lang)
	return lang != "" && slices.Contains(strings.Split(c.Languages, ","), lang)
}

// AppNeed is an application that needs Need more evaluators, in language
// Lang, with the evaluators who may never be assigned to it.
type AppNeed struct {
	AppID    int64
	Need     int
	Lang     string
	Excluded map[int64]bool // separation of duties, declared conflict, earlier assignment
}

// Pick is one planned assignment.
type Pick struct {
	AppID, UserID int64
}

// planAssignments chooses evaluators for applications in the order given:
// for each, the Need best candidates not excluded, best meaning (when
// preferLang) reading the application's language, then the lowest load,
// then the lowest user id. Loads grow as it goes, so the plan balances;
// it is deterministic and never picks an excluded candidate.
func planAssignments(apps []AppNeed, cands []Candidate, preferLang bool) []Pick {
	load := make(map[int64]int, len(cands))
	for _, c := range cands {
		load[c.UserID] = c.Load
	}
	order := slices.Clone(cands)
	var out []Pick
	for _, app := range apps {
		slices.SortFunc(order, func(a, b Candidate) int {
			if preferLang {
				if ra, rb := a.reads(app.Lang), b.reads(app.Lang); ra != rb {
					if ra {
						return -1
					}
					return 1
				}
			}
			if la, lb := load[a.UserID], load[b.UserID]; la != lb {
				return la - lb
			}
			return compareID(a.UserID, b.UserID)
		})
		n := 0
		for _, c := range order {
			if n >= app.Need {
				break
			}
			if app.Excluded[c.UserID] {
				continue
			}
			out = append(out, Pick{AppID: app.AppID, UserID: c.UserID})
			load[c.UserID]++
			n++
		}
	}
	return out
}

func compareID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
