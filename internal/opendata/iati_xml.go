package opendata

import "encoding/xml"

// The IATI 2.03 activity schema's elements the export writes, in the order
// the schema's sequences require. Code attributes hold IATI codelist codes.

type iatiActivities struct {
	XMLName    xml.Name       `xml:"iati-activities"`
	Version    string         `xml:"version,attr"`
	Generated  string         `xml:"generated-datetime,attr"`
	Activities []iatiActivity `xml:"iati-activity"`
}

type iatiActivity struct {
	LastUpdated  string             `xml:"last-updated-datetime,attr"`
	Lang         string             `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Currency     string             `xml:"default-currency,attr"`
	Hierarchy    int                `xml:"hierarchy,attr"`
	Identifier   string             `xml:"iati-identifier"`
	ReportingOrg reportingOrg       `xml:"reporting-org"`
	Title        textEl             `xml:"title"`
	Descriptions []descEl           `xml:"description"`
	Participants []participatingOrg `xml:"participating-org"`
	Status       codeEl             `xml:"activity-status"`
	Dates        []activityDate     `xml:"activity-date"`
	Countries    []shareEl          `xml:"recipient-country"`
	Sectors      []sectorEl         `xml:"sector"`
	FinanceType  codeEl             `xml:"default-finance-type"`
	AidType      aidTypeEl          `xml:"default-aid-type"`
	Budgets      []budgetEl         `xml:"budget"`
	Planned      []plannedEl        `xml:"planned-disbursement"`
	Transactions []transactionEl    `xml:"transaction"`
	RelatedActs  []relatedEl        `xml:"related-activity"`
}

// narrative is a text; without Lang it is in the activity's language.
type narrative struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type textEl struct {
	Narratives []narrative `xml:"narrative"`
}

type descEl struct {
	Type       string      `xml:"type,attr"`
	Narratives []narrative `xml:"narrative"`
}

type reportingOrg struct {
	Ref        string      `xml:"ref,attr"`
	Type       string      `xml:"type,attr"`
	Narratives []narrative `xml:"narrative"`
}

type participatingOrg struct {
	Ref        string      `xml:"ref,attr,omitempty"`
	Type       string      `xml:"type,attr,omitempty"`
	Role       string      `xml:"role,attr"`
	ActivityID string      `xml:"activity-id,attr,omitempty"`
	Narratives []narrative `xml:"narrative"`
}

type codeEl struct {
	Code string `xml:"code,attr"`
}

type aidTypeEl struct {
	Code       string `xml:"code,attr"`
	Vocabulary string `xml:"vocabulary,attr"`
}

type activityDate struct {
	Type    string `xml:"type,attr"`
	ISODate string `xml:"iso-date,attr"`
}

type shareEl struct {
	Code       string `xml:"code,attr"`
	Percentage string `xml:"percentage,attr,omitempty"`
}

type sectorEl struct {
	Vocabulary string `xml:"vocabulary,attr"`
	Code       string `xml:"code,attr"`
	Percentage string `xml:"percentage,attr,omitempty"`
}

type dateEl struct {
	ISODate string `xml:"iso-date,attr"`
}

type valueEl struct {
	Currency  string `xml:"currency,attr"`
	ValueDate string `xml:"value-date,attr"`
	Amount    string `xml:",chardata"`
}

type budgetEl struct {
	Type        string  `xml:"type,attr"`
	Status      string  `xml:"status,attr"`
	PeriodStart dateEl  `xml:"period-start"`
	PeriodEnd   dateEl  `xml:"period-end"`
	Value       valueEl `xml:"value"`
}

type plannedEl struct {
	Type        string   `xml:"type,attr"`
	PeriodStart dateEl   `xml:"period-start"`
	Value       valueEl  `xml:"value"`
	Provider    *txOrgEl `xml:"provider-org"`
	Receiver    *txOrgEl `xml:"receiver-org"`
}

// txOrgEl is a provider-org or receiver-org of a transaction or planned
// disbursement: one of the two activity ids is set.
type txOrgEl struct {
	Ref                string      `xml:"ref,attr,omitempty"`
	ProviderActivityID string      `xml:"provider-activity-id,attr,omitempty"`
	ReceiverActivityID string      `xml:"receiver-activity-id,attr,omitempty"`
	Type               string      `xml:"type,attr,omitempty"`
	Narratives         []narrative `xml:"narrative"`
}

type transactionEl struct {
	Type     codeEl   `xml:"transaction-type"`
	Date     dateEl   `xml:"transaction-date"`
	Value    valueEl  `xml:"value"`
	Provider *txOrgEl `xml:"provider-org"`
	Receiver *txOrgEl `xml:"receiver-org"`
}

type relatedEl struct {
	Ref  string `xml:"ref,attr"`
	Type string `xml:"type,attr"`
}
