// Package zerojson holds the tests that run over every exported struct
// type of tandem's public packages. The zero value of each encodes as
// JSON: a half-built value (a draft entry, a plan being written) can
// always be logged, stored or sent, while decoding and Validate stay
// strict. And each decodes arbitrary bytes within a budget that grows
// with the input's size only (FuzzDecodeEveryType).
package zerojson

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
	"github.com/tandemsocial/tandem/crisis"
	"github.com/tandemsocial/tandem/kpi"
	"github.com/tandemsocial/tandem/strategy"
	"github.com/tandemsocial/tandem/strategy/strategytest"
	"github.com/tandemsocial/tandem/validation"
)

// zeros holds the zero value of every exported struct type, by its package
// directory and name. TestEveryStructIsListed keeps it complete.
var zeros = map[string]any{
	"channel.AccountIndex":            channel.AccountIndex{},
	"strategy.Attribution":            strategy.Attribution{},
	"strategy.Brief":                  strategy.Brief{},
	"strategy.BriefApproval":          strategy.BriefApproval{},
	"strategy.BriefApprovalStep":      strategy.BriefApprovalStep{},
	"strategy.BriefEscalation":        strategy.BriefEscalation{},
	"strategy.BriefItem":              strategy.BriefItem{},
	"strategy.BriefLevel":             strategy.BriefLevel{},
	"strategy.BriefObjective":         strategy.BriefObjective{},
	"strategy.BriefOptions":           strategy.BriefOptions{},
	"strategy.BriefPlaybookStep":      strategy.BriefPlaybookStep{},
	"strategy.CampaignOutcome":        strategy.CampaignOutcome{},
	"strategy.EntryOutcome":           strategy.EntryOutcome{},
	"strategy.LinkPolicy":             strategy.LinkPolicy{},
	"strategy.Outcome":                strategy.Outcome{},
	"strategy.SourceOutcome":          strategy.SourceOutcome{},
	"strategy.Unattributed":           strategy.Unattributed{},
	"strategy.Visit":                  strategy.Visit{},
	"strategy.CampaignPace":           strategy.CampaignPace{},
	"strategy.PacingOptions":          strategy.PacingOptions{},
	"strategy.Spend":                  strategy.Spend{},
	"calendar.AccountEntries":         calendar.AccountEntries{},
	"calendar.Approval":               calendar.Approval{},
	"calendar.ApprovalEvent":          calendar.ApprovalEvent{},
	"calendar.ApprovalPolicy":         calendar.ApprovalPolicy{},
	"calendar.ApprovalRequiredError":  calendar.ApprovalRequiredError{},
	"calendar.ApprovalStep":           calendar.ApprovalStep{},
	"calendar.Blackout":               calendar.Blackout{},
	"calendar.BusinessHours":          calendar.BusinessHours{},
	"calendar.CSVOptions":             calendar.CSVOptions{},
	"calendar.Calendar":               calendar.Calendar{},
	"calendar.Change":                 calendar.Change{},
	"calendar.ChannelEntries":         calendar.ChannelEntries{},
	"calendar.ChannelRules":           calendar.ChannelRules{},
	"calendar.Clock":                  calendar.Clock{},
	"calendar.ClockRange":             calendar.ClockRange{},
	"calendar.Conflict":               calendar.Conflict{},
	"calendar.Draft":                  calendar.Draft{},
	"calendar.Entry":                  calendar.Entry{},
	"calendar.Evergreen":              calendar.Evergreen{},
	"calendar.Fill":                   calendar.Fill{},
	"calendar.ICSOptions":             calendar.ICSOptions{},
	"calendar.LinkTags":               calendar.LinkTags{},
	"calendar.LocalDate":              calendar.LocalDate{},
	"calendar.Milestone":              calendar.Milestone{},
	"calendar.PauseOptions":           calendar.PauseOptions{},
	"calendar.PausePolicy":            calendar.PausePolicy{},
	"calendar.Recurrence":             calendar.Recurrence{},
	"calendar.Routine":                calendar.Routine{},
	"calendar.Rule":                   calendar.Rule{},
	"calendar.Rules":                  calendar.Rules{},
	"calendar.Variant":                calendar.Variant{},
	"calendar.SkippedSlot":            calendar.SkippedSlot{},
	"calendar.Slot":                   calendar.Slot{},
	"calendar.TransitionError":        calendar.TransitionError{},
	"calendar.WeekdayNum":             calendar.WeekdayNum{},
	"calendar.WallClockShift":         calendar.WallClockShift{},
	"calendar.Window":                 calendar.Window{},
	"channel.Account":                 channel.Account{},
	"channel.AccountRef":              channel.AccountRef{},
	"channel.Entities":                channel.Entities{},
	"channel.Limits":                  channel.Limits{},
	"channel.Media":                   channel.Media{},
	"channel.Post":                    channel.Post{},
	"community.Account":               community.Account{},
	"community.Actions":               community.Actions{},
	"community.Agent":                 community.Agent{},
	"community.AgentLoad":             community.AgentLoad{},
	"community.Assignment":            community.Assignment{},
	"community.Condition":             community.Condition{},
	"community.InboxRule":             community.InboxRule{},
	"community.Owner":                 community.Owner{},
	"community.RouteOptions":          community.RouteOptions{},
	"community.RuleOutcome":           community.RuleOutcome{},
	"community.RuleSet":               community.RuleSet{},
	"community.RuleSetOptions":        community.RuleSetOptions{},
	"community.Routing":               community.Routing{},
	"community.Unassigned":            community.Unassigned{},
	"community.AccountStats":          community.AccountStats{},
	"community.AdherenceOptions":      community.AdherenceOptions{},
	"community.DraftOptions":          community.DraftOptions{},
	"community.AdherenceReport":       community.AdherenceReport{},
	"community.Adherent":              community.Adherent{},
	"community.Assessment":            community.Assessment{},
	"community.Author":                community.Author{},
	"community.Breach":                community.Breach{},
	"community.ChannelAdherence":      community.ChannelAdherence{},
	"community.ChannelStats":          community.ChannelStats{},
	"community.Edge":                  community.Edge{},
	"community.EmojiRule":             community.EmojiRule{},
	"community.Finding":               community.Finding{},
	"community.FirstResponse":         community.FirstResponse{},
	"community.Graph":                 community.Graph{},
	"community.Insight":               community.Insight{},
	"community.InsightSummary":        community.InsightSummary{},
	"community.Interaction":           community.Interaction{},
	"community.KeywordClassifier":     community.KeywordClassifier{},
	"community.KindCount":             community.KindCount{},
	"community.Leader":                community.Leader{},
	"community.LeaderFigures":         community.LeaderFigures{},
	"community.LeaderOptions":         community.LeaderOptions{},
	"community.LeaderWeights":         community.LeaderWeights{},
	"community.Lexicon":               community.Lexicon{},
	"community.LexiconClassifier":     community.LexiconClassifier{},
	"community.LexiconEntry":          community.LexiconEntry{},
	"community.LexiconRules":          community.LexiconRules{},
	"community.LinkRule":              community.LinkRule{},
	"community.Match":                 community.Match{},
	"community.Matcher":               community.Matcher{},
	"community.MatcherOptions":        community.MatcherOptions{},
	"community.MemberStats":           community.MemberStats{},
	"community.PageRank":              community.PageRank{},
	"community.PageRankOptions":       community.PageRankOptions{},
	"community.PriorityRules":         community.PriorityRules{},
	"community.Publication":           community.Publication{},
	"community.RankedInsight":         community.RankedInsight{},
	"community.Relationship":          community.Relationship{},
	"community.Responder":             community.Responder{},
	"community.ReplyCheck":            community.ReplyCheck{},
	"community.Response":              community.Response{},
	"community.ResponsePolicy":        community.ResponsePolicy{},
	"community.ResponseReport":        community.ResponseReport{},
	"community.ResponseStats":         community.ResponseStats{},
	"community.SentimentScore":        community.SentimentScore{},
	"community.ResponseTimes":         community.ResponseTimes{},
	"community.RisingOptions":         community.RisingOptions{},
	"community.RoutineAdherence":      community.RoutineAdherence{},
	"community.SavedReply":            community.SavedReply{},
	"community.SentimentRules":        community.SentimentRules{},
	"community.SlotResult":            community.SlotResult{},
	"community.Target":                community.Target{},
	"community.Term":                  community.Term{},
	"community.TooManyFindingsError":  community.TooManyFindingsError{},
	"community.Transition":            community.Transition{},
	"community.Trend":                 community.Trend{},
	"community.TriageItem":            community.TriageItem{},
	"community.VoiceChecker":          community.VoiceChecker{},
	"community.VoicePolicy":           community.VoicePolicy{},
	"community.VoiceRule":             community.VoiceRule{},
	"community.VoiceShare":            community.VoiceShare{},
	"community.WatchCounts":           community.WatchCounts{},
	"community.Watcher":               community.Watcher{},
	"community.Watchlist":             community.Watchlist{},
	"crisis.Alert":                    crisis.Alert{},
	"crisis.Detection":                crisis.Detection{},
	"crisis.Detector":                 crisis.Detector{},
	"crisis.DrillOptions":             crisis.DrillOptions{},
	"crisis.DrillReport":              crisis.DrillReport{},
	"crisis.Entry":                    crisis.Entry{},
	"crisis.Escalation":               crisis.Escalation{},
	"crisis.EscalationStep":           crisis.EscalationStep{},
	"crisis.Event":                    crisis.Event{},
	"crisis.Evidence":                 crisis.Evidence{},
	"crisis.Incident":                 crisis.Incident{},
	"crisis.Item":                     crisis.Item{},
	"crisis.Keywords":                 crisis.Keywords{},
	"crisis.Level":                    crisis.Level{},
	"crisis.Pause":                    crisis.Pause{},
	"crisis.PauseWindow":              crisis.PauseWindow{},
	"crisis.Plan":                     crisis.Plan{},
	"crisis.PlaybookStep":             crisis.PlaybookStep{},
	"crisis.Response":                 crisis.Response{},
	"crisis.Review":                   crisis.Review{},
	"crisis.ReviewRule":               crisis.ReviewRule{},
	"crisis.Signal":                   crisis.Signal{},
	"crisis.SpikeOptions":             crisis.SpikeOptions{},
	"crisis.Statement":                crisis.Statement{},
	"crisis.Trigger":                  crisis.Trigger{},
	"kpi.BestTimes":                   kpi.BestTimes{},
	"kpi.HourSlot":                    kpi.HourSlot{},
	"kpi.SlotScore":                   kpi.SlotScore{},
	"kpi.TimedValue":                  kpi.TimedValue{},
	"kpi.Band":                        kpi.Band{},
	"kpi.Baseline":                    kpi.Baseline{},
	"kpi.Bucket":                      kpi.Bucket{},
	"kpi.Comparison":                  kpi.Comparison{},
	"kpi.EvaluateOptions":             kpi.EvaluateOptions{},
	"kpi.Forecast":                    kpi.Forecast{},
	"kpi.KPI":                         kpi.KPI{},
	"kpi.Measure":                     kpi.Measure{},
	"kpi.Milestone":                   kpi.Milestone{},
	"kpi.Observation":                 kpi.Observation{},
	"kpi.Point":                       kpi.Point{},
	"kpi.Progress":                    kpi.Progress{},
	"kpi.Selection":                   kpi.Selection{},
	"kpi.Series":                      kpi.Series{},
	"kpi.Target":                      kpi.Target{},
	"kpi.Group":                       kpi.Group{},
	"kpi.Grouping":                    kpi.Grouping{},
	"kpi.GroupingResult":              kpi.GroupingResult{},
	"kpi.Lift":                        kpi.Lift{},
	"kpi.MedianInterval":              kpi.MedianInterval{},
	"kpi.Outlier":                     kpi.Outlier{},
	"kpi.PerPost":                     kpi.PerPost{},
	"kpi.PostKey":                     kpi.PostKey{},
	"kpi.PostResult":                  kpi.PostResult{},
	"kpi.PostValue":                   kpi.PostValue{},
	"kpi.WhatWorks":                   kpi.WhatWorks{},
	"kpi.WhatWorksOptions":            kpi.WhatWorksOptions{},
	"strategy.Approvals":              strategy.Approvals{},
	"strategy.Assignment":             strategy.Assignment{},
	"strategy.Brand":                  strategy.Brand{},
	"strategy.Budget":                 strategy.Budget{},
	"strategy.EvergreenRank":          strategy.EvergreenRank{},
	"strategy.Campaign":               strategy.Campaign{},
	"strategy.CampaignResult":         strategy.CampaignResult{},
	"strategy.CampaignTrace":          strategy.CampaignTrace{},
	"strategy.ChannelPlan":            strategy.ChannelPlan{},
	"strategy.Community":              strategy.Community{},
	"strategy.Competitor":             strategy.Competitor{},
	"strategy.Exclusion":              strategy.Exclusion{},
	"strategy.Finding":                strategy.Finding{},
	"strategy.Omission":               strategy.Omission{},
	"strategy.Goal":                   strategy.Goal{},
	"strategy.IDSpace":                strategy.IDSpace{},
	"strategy.Matrix":                 strategy.Matrix{},
	"strategy.Member":                 strategy.Member{},
	"strategy.Movement":               strategy.Movement{},
	"strategy.Note":                   strategy.Note{},
	"strategy.Objective":              strategy.Objective{},
	"strategy.ObjectiveResult":        strategy.ObjectiveResult{},
	"strategy.ObjectiveTrace":         strategy.ObjectiveTrace{},
	"strategy.Phase":                  strategy.Phase{},
	"strategy.Presence":               strategy.Presence{},
	"strategy.Rank":                   strategy.Rank{},
	"strategy.Recommendation":         strategy.Recommendation{},
	"strategy.Ref":                    strategy.Ref{},
	"strategy.Report":                 strategy.Report{},
	"strategy.Reporter":               strategy.Reporter{},
	"strategy.Research":               strategy.Research{},
	"strategy.Resource":               strategy.Resource{},
	"strategy.Results":                strategy.Results{},
	"strategy.ReviewOptions":          strategy.ReviewOptions{},
	"strategy.RivalFigures":           strategy.RivalFigures{},
	"strategy.RivalPeriod":            strategy.RivalPeriod{},
	"strategy.RivalRanks":             strategy.RivalRanks{},
	"strategy.RivalsOptions":          strategy.RivalsOptions{},
	"strategy.RivalsReport":           strategy.RivalsReport{},
	"strategy.Segment":                strategy.Segment{},
	"strategy.Strategy":               strategy.Strategy{},
	"strategy.VerifyOptions":          strategy.VerifyOptions{},
	"strategy.Workload":               strategy.Workload{},
	"strategy/strategytest.DrillWant": strategytest.DrillWant{},
	"strategy/strategytest.Options":   strategytest.Options{},
	"validation.EnumError":            validation.EnumError{},
	"validation.Error":                validation.Error{},
	"validation.FieldError":           validation.FieldError{},
	"validation.Path":                 validation.Path{},
}

// publicPackages are the directories whose exported struct types are
// checked.
var publicPackages = []string{"calendar", "channel", "community", "crisis", "kpi", "strategy", "strategy/strategytest", "validation"}

func TestZeroValuesEncode(t *testing.T) {
	for name, v := range zeros {
		_, err := json.Marshal(v)
		assert.NoError(t, err, "json.Marshal(%s{})", name)
	}
}

// TestEveryStructIsListed parses the public packages and fails when an
// exported struct type is missing from zeros, so a new type is checked too.
func TestEveryStructIsListed(t *testing.T) {
	var missing []string
	for _, dir := range publicPackages {
		files, err := filepath.Glob(filepath.Join("..", "..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				g, ok := d.(*ast.GenDecl)
				if !ok || g.Tok != token.TYPE {
					continue
				}
				for _, s := range g.Specs {
					ts := s.(*ast.TypeSpec)
					if _, isStruct := ts.Type.(*ast.StructType); !isStruct || !ts.Name.IsExported() || ts.TypeParams != nil {
						continue
					}
					if _, ok := zeros[dir+"."+ts.Name.Name]; !ok {
						missing = append(missing, dir+"."+ts.Name.Name)
					}
				}
			}
		}
	}
	sort.Strings(missing)
	assert.Empty(t, missing, "exported struct types missing from zeros")
}
