package opendata

import (
	"math/big"
	"sort"
)

// sectorOf maps each target group of the portal (org.TargetGroups) to the
// DAC 5-digit purpose code (IATI Sector codelist, vocabulary 1) of the
// services sub-grants give it. Social care for older people, persons with
// disabilities, children and families in hardship is social protection
// (16010, whose definition names these groups); shelters and counselling
// for victims of domestic violence are ending violence against women and
// girls (15180); support to victims of trafficking is human rights
// programming for a specific group (15160); reintegration of returning
// migrants is 15190; work for rural youth and informal workers is
// employment creation (16020).
var sectorOf = map[string]string{
	"persons_with_disabilities":  "16010",
	"elderly":                    "16010",
	"domestic_violence_victims":  "15180",
	"trafficking_victims":        "15160",
	"rae_communities":            "16010",
	"children_drugs_law":         "16010",
	"children_behavioural":       "16010",
	"families_social_assistance": "16010",
	"women_heads_of_household":   "16010",
	"rural_youth":                "16020",
	"informal_workers":           "16020",
	"returning_migrants":         "15190",
}

// defaultSector is the sector of a grant whose application names no target
// group the table knows: social protection.
const defaultSector = "16010"

// Share is a sector (or country) with its share in basis points of a
// percent (10000 = 100 %); the shares of one list add up to 10000.
type Share struct {
	Code string
	BP   int64
}

// Percent writes the share as IATI's decimal percentage ("62.5" as "62.50").
func (s Share) Percent() string { return decimal(s.BP) }

// grantSectors are the sectors of a grant, weighted by the beneficiaries
// of each target group (equally when none are counted).
func grantSectors(g Grant) []Share {
	w := map[string]*big.Int{}
	counted := false
	for _, tg := range g.TargetGroups {
		if tg.Beneficiaries > 0 {
			counted = true
		}
	}
	for _, tg := range g.TargetGroups {
		code, ok := sectorOf[tg.Code]
		if !ok {
			continue
		}
		n := int64(1)
		if counted {
			n = tg.Beneficiaries
		}
		add(w, code, big.NewInt(n))
	}
	if len(w) == 0 {
		return []Share{{Code: defaultSector, BP: 10000}}
	}
	return allocate(w)
}

// programmeSectors are the sectors of the programme: its grants' sectors
// weighted by each grant's amount; social protection when it has none.
func programmeSectors(grants []Grant) []Share {
	w := map[string]*big.Int{}
	for _, g := range grants {
		for _, s := range grantSectors(g) {
			add(w, s.Code, new(big.Int).Mul(big.NewInt(g.AmountMinor), big.NewInt(s.BP)))
		}
	}
	if len(w) == 0 {
		return []Share{{Code: defaultSector, BP: 10000}}
	}
	return allocate(w)
}

func add(w map[string]*big.Int, code string, v *big.Int) {
	if w[code] == nil {
		w[code] = new(big.Int)
	}
	w[code].Add(w[code], v)
}

// allocate turns weights into shares adding up to exactly 10000 basis
// points (largest remainder: the points lost to rounding down go to the
// largest remainders, ties by code), in code order. Zero weights count
// as one each when every weight is zero.
func allocate(w map[string]*big.Int) []Share {
	codes := make([]string, 0, len(w))
	total := new(big.Int)
	for c, v := range w {
		codes = append(codes, c)
		total.Add(total, v)
	}
	sort.Strings(codes)
	if total.Sign() == 0 {
		for _, c := range codes {
			w[c] = big.NewInt(1)
		}
		total.SetInt64(int64(len(codes)))
	}
	out := make([]Share, len(codes))
	rems := make([]*big.Int, len(codes))
	var given int64
	for i, c := range codes {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(w[c], big.NewInt(10000)), total, new(big.Int))
		out[i], rems[i] = Share{Code: c, BP: q.Int64()}, r
		given += q.Int64()
	}
	order := make([]int, len(codes))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return rems[order[a]].Cmp(rems[order[b]]) > 0 })
	for k := 0; given < 10000; k++ {
		out[order[k%len(order)]].BP++
		given++
	}
	return out
}
