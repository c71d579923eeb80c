package bulk

import (
	"context"
	"encoding/json"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
)

// KindRemind reminds the evaluators of many applications of their
// unfinished reviews.
const KindRemind = "remind"

// RemindAction reminds the evaluators of one application through
// review.Store.RemindApplication (at most once a day per assignment, never
// for a submitted review), each in the evaluator's language with a link
// to the worklist at baseURL. An application with nobody to remind fails
// with that reason.
func RemindAction(apps *application.Store, reviews *review.Store, cat *i18n.Catalogue, baseURL string) Action {
	return plain(func(ctx context.Context, sc access.Scope, _, itemID int64, _ json.RawMessage) error {
		if !sc.All() {
			return apperr.New(apperr.Forbidden, "error.forbidden")
		}
		a, err := apps.Get(ctx, itemID, sc)
		if err != nil {
			return err
		}
		cl, err := (&call.Store{DB: apps.DB, Now: apps.Now}).ByID(ctx, a.CallID)
		if err != nil {
			return err
		}
		n, err := reviews.RemindApplication(ctx, itemID, func(r review.AppReminder) notify.Notice {
			lang, _ := i18n.ParseLang(r.Lang)
			due := cat.T(lang, "bulk.remind.no_due")
			if r.DueAt != nil {
				due = cat.When(lang, *r.DueAt, cl.TimeZone)
			}
			args := []any{"name", r.Name, "reference", a.Reference, "call", cl.Reference, "due", due, "url", baseURL + "/reviews"}
			return notify.Notice{Event: notify.EventReviewReminder, Link: "/reviews",
				Subject: cat.T(lang, "bulk.remind.subject", args...), Body: cat.T(lang, "bulk.remind.body", args...)}
		})
		if err == nil && n == 0 {
			return apperr.New(apperr.Conflict, "bulk.error.nobody_to_remind")
		}
		return err
	})
}
