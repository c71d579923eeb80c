package application

import (
	"time"

	"github.com/subgrant/portal/internal/call"
)

// documentsComplete lists the call's required documents that a lacks: one
// problem per missing type, on the field "attachments.<code>", naming the
// document (a call.Document, labelled in the reader's language). A type is
// attached when an upload has it, or a vault copy whose validity date is
// not before the call's deadline (in the call's time zone).
func documentsComplete(a Application, c call.Call) []Problem {
	var ps []Problem
	for _, d := range a.RequiredDocuments {
		found, expired := false, false
		for _, at := range a.Attachments {
			if at.DocType != d.Code {
				continue
			}
			if validAtDeadline(at, c) {
				found = true
				break
			}
			expired = true
		}
		switch {
		case found:
		case expired:
			ps = append(ps, Problem{Field: "attachments." + d.Code, Key: "attach.problem.expired", Args: []any{"document", d}})
		default:
			ps = append(ps, Problem{Field: "attachments." + d.Code, Key: "attach.problem.missing", Args: []any{"document", d}})
		}
	}
	return ps
}

// validAtDeadline reports whether an attachment is still valid on the
// call's closing day; one without a validity date always is.
func validAtDeadline(at Attachment, c call.Call) bool {
	if at.ValidUntil == nil || c.ClosesAt == nil {
		return true
	}
	y, m, d := c.ClosesAt.In(c.Location()).Date()
	closing := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	vy, vm, vd := at.ValidUntil.UTC().Date()
	return !time.Date(vy, vm, vd, 0, 0, 0, 0, time.UTC).Before(closing)
}
