package report

import (
	"context"
	"errors"
	"io"

	"github.com/subgrant/portal/internal/evaldoc"
	"github.com/subgrant/portal/internal/findoc"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// The names of the reports, as URLs and the command line spell them.
const (
	ProgrammeFinancial = "programme-financial"
	ThirdParties       = "third-parties"
	DisbursementLedger = "disbursement-ledger"
	Ranking            = "ranking"
	ExpenditureList    = "expenditure-list"
	EvaluationReport   = "evaluation-report"
	FinancialSummary   = "financial-summary"
	GranteeStatement   = "grantee-statement"
)

// workbooks are the Excel reports.
func (r *Registry) workbooks() []Report {
	one := func(fn func(*Build, context.Context, io.Writer) error) map[string]Builder {
		return map[string]Builder{XLSX: func(ctx context.Context, b *Build, w io.Writer) error { return fn(b, ctx, w) }}
	}
	return []Report{
		{Name: ProgrammeFinancial, Formats: []string{XLSX}, Needs: []Param{Programme}, Build: one((*Build).financialWorkbook)},
		{Name: ThirdParties, Formats: []string{XLSX}, Needs: []Param{Programme}, Build: one((*Build).thirdPartiesWorkbook)},
		{Name: DisbursementLedger, Formats: []string{XLSX}, Needs: []Param{Programme}, Build: one((*Build).ledgerWorkbook),
			Rows: (*Build).ledgerRows},
		{Name: Ranking, Formats: []string{XLSX}, Needs: []Param{Call}, Build: one((*Build).rankingWorkbook)},
		{Name: ExpenditureList, Formats: []string{XLSX}, Needs: []Param{Grant}, Build: one((*Build).expenditureWorkbook),
			Rows: (*Build).expenditureRows},
	}
}

// documents are the PDF reports: the evaluation committee's report, the
// programme financial summary and the grantee statement (internal/findoc).
func (r *Registry) documents() []Report {
	pdf := func(fn func(*Build, context.Context, io.Writer) error) map[string]Builder {
		return map[string]Builder{PDF: func(ctx context.Context, b *Build, w io.Writer) error { return fn(b, ctx, w) }}
	}
	return []Report{
		{Name: EvaluationReport, Formats: []string{PDF}, Needs: []Param{Call}, Build: pdf((*Build).evaluationPDF)},
		{Name: FinancialSummary, Formats: []string{PDF}, Needs: []Param{Programme}, Build: pdf((*Build).summaryPDF)},
		{Name: GranteeStatement, Formats: []string{PDF}, Needs: []Param{Grant}, Build: pdf((*Build).statementPDF)},
	}
}

// findocStores are the stores of the financial documents, or an error
// for a registry built without them.
func (b *Build) findocStores() (findoc.Stores, error) {
	st := b.deps.Findoc
	if st.DB == nil || st.Programmes == nil || st.Grants == nil || st.Payments == nil {
		return st, errors.New("report: the financial documents need the programme, grant and payment stores")
	}
	return st, nil
}

// issuer is the letterhead of the registry's documents (none without a
// loader).
func (b *Build) issuer(ctx context.Context) (pdfdoc.Issuer, error) {
	if b.deps.Issuer == nil {
		return pdfdoc.Issuer{}, nil
	}
	return b.deps.Issuer(ctx)
}

// summaryPDF is the programme financial summary: budget, committed and
// paid, by municipality and by target group, with its charts.
func (b *Build) summaryPDF(ctx context.Context, w io.Writer) error {
	st, err := b.findocStores()
	if err != nil {
		return err
	}
	sum, err := findoc.LoadSummary(ctx, st, b.Scope, b.ProgrammeID, b.now)
	if err != nil {
		return err
	}
	if sum.Issuer, err = b.issuer(ctx); err != nil {
		return err
	}
	return findoc.New(b.deps.Cat).SummaryPDF(w, b.Lang, sum)
}

// statementPDF is a grant's statement: its schedule, payments and balance.
func (b *Build) statementPDF(ctx context.Context, w io.Writer) error {
	st, err := b.findocStores()
	if err != nil {
		return err
	}
	stmt, err := findoc.LoadStatement(ctx, st, b.Scope, b.GrantID, b.now)
	if err != nil {
		return err
	}
	if stmt.Issuer, err = b.issuer(ctx); err != nil {
		return err
	}
	return findoc.New(b.deps.Cat).StatementPDF(w, b.Lang, stmt)
}

// stage is the call stage of a ranking request (full unless given).
func (b *Build) stage() string {
	if b.Stage == "" {
		return evaldoc.StageFull
	}
	return b.Stage
}

// rankingWorkbook is the ranking of a call's stage: evaldoc's workbook (a
// summary and a sheet per lot with the section means, an AutoFilter, the
// funding line and the lot's totals), from the award store's ranking read
// through the scope.
func (b *Build) rankingWorkbook(ctx context.Context, w io.Writer) error {
	rk, err := b.deps.Awards.Ranking(ctx, b.CallID, b.stage(), b.Scope)
	if err != nil {
		return err
	}
	in := b.deps.Awards.ReportInput(rk, b.Lang, b.now)
	if in.Call.Programme == "" {
		in.Call.Programme = b.Programme.Title
	}
	body, err := evaldoc.New(b.deps.Cat).RankingWorkbook(b.Lang, evaldoc.RankingInput{Generated: b.now, Call: in.Call, Grid: in.Grid, Lots: in.Lots})
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// evaluationPDF is the evaluation committee's report of a call's stage.
func (b *Build) evaluationPDF(ctx context.Context, w io.Writer) error {
	rk, err := b.deps.Awards.Ranking(ctx, b.CallID, b.stage(), b.Scope)
	if err != nil {
		return err
	}
	in := b.deps.Awards.ReportInput(rk, b.Lang, b.now)
	if in.Call.Programme == "" {
		in.Call.Programme = b.Programme.Title
	}
	body, err := evaldoc.New(b.deps.Cat).EvaluationReport(b.Lang, in)
	if err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}
