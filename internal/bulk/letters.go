package bulk

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/evaldoc"
	"github.com/subgrant/portal/internal/i18n"
)

// KindLetters generates the decision letters of many decided applications.
const KindLetters = "letters"

// LettersParams is the language the officer asked the letters in.
type LettersParams struct {
	Lang string `json:"lang"`
}

// LettersAction writes one application's decision letter as the single
// letter (award.Store.LetterFor, within the scope, then the same PDF with
// the intermediary's letterhead); an application without an approved
// decision fails with its reason. The PDF is kept with the item for the
// result's download.
func LettersAction(awards *award.Store) Action {
	return func(ctx context.Context, sc access.Scope, _, itemID int64, raw json.RawMessage) (Output, error) {
		var p LettersParams
		if err := json.Unmarshal(raw, &p); err != nil {
			return Output{}, fmt.Errorf("bulk letters params: %w", err)
		}
		lang, ok := i18n.ParseLang(p.Lang)
		if !ok {
			lang = i18n.SQ
		}
		l, err := awards.LetterFor(ctx, itemID, sc)
		if apperr.Is(err, apperr.NotFound) {
			return Output{}, apperr.New(apperr.Conflict, "bulk.error.no_letter")
		}
		if err != nil {
			return Output{}, err
		}
		in := awards.LetterInput(l, lang)
		if awards.Issuer != nil {
			if in.Call.Issuer, err = awards.Issuer(ctx); err != nil {
				return Output{}, err
			}
		}
		b, err := evaldoc.New(awards.Cat).Letter(lang, in)
		if err != nil {
			return Output{}, err
		}
		return Output{FileName: award.LetterFileName(l.App.Reference, l.App.ID), Content: b}, nil
	}
}
