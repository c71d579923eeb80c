package web

import (
	"time"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/money"
)

// apiApplicationItem is an application as lists show it.
type apiApplicationItem struct {
	ID               int64        `json:"id"`
	Status           string       `json:"status"`
	Stage            string       `json:"stage"`
	OrganisationID   int64        `json:"organisation_id"`
	OrganisationName string       `json:"organisation_name"`
	CallID           int64        `json:"call_id"`
	CallReference    string       `json:"call_reference"`
	LotID            int64        `json:"lot_id"`
	LotName          string       `json:"lot_name"`
	Reference        string       `json:"reference"`
	Title            string       `json:"title"`
	Requested        money.Amount `json:"requested"`
	Cofinancing      money.Amount `json:"cofinancing"`
	Total            money.Amount `json:"total"`
	SubmittedAt      *time.Time   `json:"submitted_at"`
	UpdatedAt        time.Time    `json:"updated_at"`
}

// apiApplication is one application with every section.
type apiApplication struct {
	apiApplicationItem
	Summary             string                    `json:"summary"`
	DurationMonths      int                       `json:"duration_months"`
	StartMonth          string                    `json:"start_month"`
	TargetGroups        []application.TargetGroup `json:"target_groups"`
	Municipalities      []string                  `json:"municipalities"`
	Logframe            application.Logframe      `json:"logframe"`
	Activities          []application.Activity    `json:"activities"`
	Budget              []apiBudgetLine           `json:"budget"`
	Partners            []apiPartner              `json:"partners"`
	DeclarationAccepted bool                      `json:"declaration_accepted"`
	DeclarationAt       *time.Time                `json:"declaration_at"`
	WithdrawnAt         *time.Time                `json:"withdrawn_at"`
	WithdrawalReason    string                    `json:"withdrawal_reason"`
}

type apiBudgetLine struct {
	Heading     string       `json:"heading"`
	Description string       `json:"description"`
	Unit        string       `json:"unit"`
	UnitsX100   int64        `json:"units_x100"`
	UnitRate    money.Amount `json:"unit_rate"`
	Total       money.Amount `json:"total"`
	Requested   money.Amount `json:"requested"`
	Cofinancing money.Amount `json:"cofinancing"`
}

type apiPartner struct {
	OrganisationID *int64       `json:"organisation_id"`
	Name           string       `json:"name"`
	Role           string       `json:"role"`
	Share          money.Amount `json:"share"`
}

func toAPIApplicationItem(a application.Application) apiApplicationItem {
	return apiApplicationItem{ID: a.ID, Status: string(a.Status), Stage: string(a.Stage), OrganisationID: a.OrgID,
		OrganisationName: a.OrgName, CallID: a.CallID, CallReference: a.CallReference, LotID: a.LotID, LotName: a.LotName,
		Reference: a.Reference, Title: a.Title, Requested: a.Amount(a.RequestedMinor), Cofinancing: a.Amount(a.CofinancingMinor),
		Total: a.Amount(a.TotalMinor), SubmittedAt: a.SubmittedAt, UpdatedAt: a.UpdatedAt}
}

func toAPIApplication(a application.Application) apiApplication {
	out := apiApplication{apiApplicationItem: toAPIApplicationItem(a), Summary: a.Summary, DurationMonths: a.DurationMonths,
		StartMonth: a.StartMonth, TargetGroups: a.TargetGroups, Municipalities: a.Municipalities, Logframe: a.Logframe,
		Activities: a.Activities, Budget: []apiBudgetLine{}, Partners: []apiPartner{},
		DeclarationAccepted: a.DeclarationAccepted, DeclarationAt: a.DeclarationAt, WithdrawnAt: a.WithdrawnAt,
		WithdrawalReason: a.WithdrawalReason}
	for _, l := range a.Budget {
		out.Budget = append(out.Budget, apiBudgetLine{Heading: l.Heading, Description: l.Description, Unit: l.Unit,
			UnitsX100: l.UnitsX100, UnitRate: a.Amount(l.UnitRateMinor), Total: a.Amount(l.TotalMinor),
			Requested: a.Amount(l.RequestedMinor), Cofinancing: a.Amount(l.CofinancingMinor)})
	}
	for _, p := range a.Partners {
		out.Partners = append(out.Partners, apiPartner{OrganisationID: p.OrgID, Name: p.Name, Role: p.Role, Share: a.Amount(p.ShareMinor)})
	}
	return out
}

// apiNewApplication is the body of POST /api/v1/applications.
type apiNewApplication struct {
	CallID         int64  `json:"call_id"`
	LotID          int64  `json:"lot_id"`
	OrganisationID *int64 `json:"organisation_id"`
	Stage          string `json:"stage"`
}

// apiReceipt answers a submission.
type apiReceipt struct {
	ID          int64     `json:"id"`
	Status      string    `json:"status"`
	Reference   string    `json:"reference"`
	SubmittedAt time.Time `json:"submitted_at"`
	SHA256      string    `json:"sha256"`
}

// apiCheck lists what stops a submission.
type apiCheck struct {
	Ready    bool           `json:"ready"`
	Problems []fieldProblem `json:"problems"`
}
