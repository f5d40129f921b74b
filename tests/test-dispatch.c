/* test-dispatch.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "onsite-day-private.h"
#include "onsite-rank.h"

/*
 * The dispatch logic on hand-made days whose numbers were worked out
 * separately: the offline travel estimate on known distances, the ranking
 * (every term in words, the order, ties), and each kind of conflict.
 */

static const OnsitePoint duomo = { 45.4642, 9.1900 };
static const OnsitePoint centrale = { 45.4858, 9.2047 };
static const OnsitePoint monza = { 45.5845, 9.2744 };
static const OnsitePoint ticket_place = { 45.4700, 9.1950 };

/* Monday 23 November 2026, in UTC. */
static OnsiteDay *
make_day (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  OnsiteDay *day = onsite_day_new_for_date (utc, 2026, 11, 23);

  g_assert_nonnull (day);
  g_assert_cmpuint (onsite_day_get_weekday (day), ==, 1);

  return day;
}

static gint64
at (OnsiteDay *day,
    int        hour,
    int        minute)
{
  return onsite_day_get_start (day) + hour * 3600 + minute * 60;
}

static OnsiteTech *
add_tech (OnsiteDay          *day,
          gint64              id,
          const char         *name,
          const char * const *skills,
          const OnsitePoint  *home)
{
  g_autoptr(OnsiteTech) tech = onsite_tech_new (id, name);

  onsite_tech_set_skills (tech, skills);
  if (home)
    onsite_tech_set_home (tech, "home", TRUE, home->latitude, home->longitude);
  onsite_day_add_tech (day, tech);

  return tech;
}

static OnsiteVisit *
add_visit (OnsiteDay         *day,
           gint64             id,
           gint64             ticket_id,
           gint64             tech_id,
           gint64             start,
           gint64             end,
           const char        *title,
           const char        *category,
           const OnsitePoint *place)
{
  g_autoptr(OnsiteVisit) visit = onsite_visit_new (id, ticket_id, tech_id, start, end);

  onsite_visit_set_title (visit, title);
  onsite_visit_set_category (visit, category);
  if (place)
    onsite_visit_set_location (visit, TRUE, place->latitude, place->longitude);
  onsite_day_add_visit (day, visit);

  return visit;
}

/* Travel ------------------------------------------------------------------ */

static void
test_travel_distances (void)
{
  /* Reference great-circle distances (mean Earth radius). */
  const struct {
    OnsitePoint a, b;
    double km;
  } cases[] = {
    { { 51.5074, -0.1278 }, { 48.8566, 2.3522 }, 343.6 },     /* London – Paris */
    { { 40.7128, -74.0060 }, { 34.0522, -118.2437 }, 3935.7 }, /* New York – Los Angeles */
    { { 45.4642, 9.1900 }, { 41.9028, 12.4964 }, 476.9 },     /* Milan – Rome */
    { { 45.4642, 9.1900 }, { 45.4858, 9.2047 }, 2.661 },      /* Duomo – Centrale */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double km = onsite_travel_great_circle (&cases[i].a, &cases[i].b) / 1000.0;

      g_assert_cmpfloat_with_epsilon (km, cases[i].km, cases[i].km * 0.001);
      /* Symmetric. */
      g_assert_cmpfloat_with_epsilon (onsite_travel_great_circle (&cases[i].b, &cases[i].a) / 1000.0,
                                      km, 1e-9);
    }

  g_assert_cmpfloat (onsite_travel_great_circle (&duomo, &duomo), ==, 0.0);
}

static void
test_travel_estimate (void)
{
  OnsiteTravelSettings settings;
  OnsiteTravelEstimate estimate;
  g_autofree char *text = NULL;

  /* City defaults: 2,661 m × 1.3 = 3,460 m at 25 km/h = 498 s, + 300 s. */
  onsite_travel_estimate (NULL, &duomo, &centrale, &estimate);
  g_assert_cmpint (estimate.source, ==, ONSITE_TRAVEL_OFFLINE);
  g_assert_cmpint (estimate.seconds, ==, 798);
  g_assert_cmpfloat_with_epsilon (estimate.meters, 3459.7, 0.5);

  /* Duomo – Monza: 19,377 m by the estimate, 2,790 s + 300 s. */
  onsite_travel_estimate (NULL, &duomo, &monza, &estimate);
  g_assert_cmpint (estimate.seconds, ==, 3090);
  text = onsite_travel_format_minutes (estimate.seconds);
  g_assert_cmpstr (text, ==, "52 min");
  g_clear_pointer (&text, g_free);

  /* Settings change the numbers: no detour, 50 km/h, no overhead. */
  settings.detour_factor = 1.0;
  settings.speed_kmh = 50.0;
  settings.overhead_seconds = 0;
  onsite_travel_estimate (&settings, &duomo, &monza, &estimate);
  g_assert_cmpint (estimate.seconds, ==, (int)lround (14905.36 / (50 / 3.6)));

  /* Same place: no trip, no parking. */
  onsite_travel_estimate (NULL, &duomo, &duomo, &estimate);
  g_assert_cmpint (estimate.seconds, ==, 0);
  g_assert_cmpint (estimate.source, ==, ONSITE_TRAVEL_OFFLINE);

  /* Unknown place. */
  onsite_travel_estimate (NULL, NULL, &duomo, &estimate);
  g_assert_cmpint (estimate.source, ==, ONSITE_TRAVEL_UNKNOWN);
  g_assert_cmpint (estimate.seconds, ==, 0);

  text = onsite_travel_format_minutes (3 * 3600 + 5 * 60);
  g_assert_cmpstr (text, ==, "3 h 05 min");
}

static void
test_travel_matrix (void)
{
  const OnsitePoint points[] = { duomo, centrale, monza };
  g_autoptr(OnsiteTravelMatrix) matrix = NULL;
  g_autofree double *seconds = NULL;
  OnsiteTravelEstimate estimate;
  OnsitePoint elsewhere = { 10, 10 };

  matrix = onsite_travel_matrix_new_offline (NULL, points, 3, points, 3);
  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_OFFLINE);
  g_assert_null (onsite_travel_matrix_get_fallback_reason (matrix));

  onsite_travel_matrix_get (matrix, 0, 1, &estimate);
  g_assert_cmpint (estimate.seconds, ==, 798);
  g_assert_true (onsite_travel_matrix_lookup (matrix, &duomo, &monza, &estimate));
  g_assert_cmpint (estimate.seconds, ==, 3090);
  g_assert_false (onsite_travel_matrix_lookup (matrix, &duomo, &elsewhere, &estimate));

  /* As the planner takes it. */
  seconds = onsite_travel_matrix_dup_seconds (matrix);
  g_assert_cmpfloat (seconds[0 * 3 + 2], ==, 3090);
  g_assert_cmpfloat (seconds[1 * 3 + 1], ==, 0);
  g_assert_cmpfloat (onsite_travel_matrix_plan_func (2, 0, matrix), ==, 3090);

  /* A routed cell gets the overhead too, and says where it came from. */
  _onsite_travel_matrix_set_routed (matrix, 0, 2, 1200, 21000);
  onsite_travel_matrix_get (matrix, 0, 2, &estimate);
  g_assert_cmpint (estimate.source, ==, ONSITE_TRAVEL_ROUTER);
  g_assert_cmpint (estimate.seconds, ==, 1500);
  /* Some cells are still estimates. */
  g_assert_cmpint (onsite_travel_matrix_get_source (matrix), ==, ONSITE_TRAVEL_OFFLINE);
}

/* Ranking ----------------------------------------------------------------- */

static OnsiteDay *
make_ranking_day (void)
{
  const char * const printer_network[] = { "printer", "network", NULL };
  const char * const laptop[] = { "laptop", NULL };
  const char * const printer[] = { "printer", NULL };
  OnsiteDay *day = make_day ();
  OnsiteTech *tech;

  /* Marco: lunch break, one visit at Centrale first thing. */
  tech = add_tech (day, 1, "Marco Rossi", printer_network, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 12 * 60 + 30);
  onsite_tech_add_work_period (tech, 1, 13 * 60 + 30, 17 * 60);
  add_visit (day, 101, 201, 1, at (day, 8, 0), at (day, 9, 0), "Switch down", "network", &centrale);

  /* Giulia: free and close, but no printer skill. */
  tech = add_tech (day, 2, "Giulia Ferrari", laptop, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);

  /* Luca: busy until noon, so late for the SLA. */
  tech = add_tech (day, 3, "Luca Bianchi", printer, &monza);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  add_visit (day, 301, 401, 3, at (day, 8, 0), at (day, 9, 30), "Printer A", "printer", &monza);
  add_visit (day, 302, 402, 3, at (day, 9, 30), at (day, 10, 30), "Printer B", "printer", &monza);
  add_visit (day, 303, 403, 3, at (day, 10, 30), at (day, 12, 0), "Printer C", "printer", &duomo);
  /* A cancelled visit takes no time. */
  onsite_visit_set_state (add_visit (day, 304, 404, 3, at (day, 12, 0), at (day, 13, 0),
                                     "Printer D", "printer", &duomo),
                          ONSITE_VISIT_CANCELLED);

  /* Sara: away all day. */
  tech = add_tech (day, 4, "Sara Fontana", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  onsite_tech_add_absence (tech, 1, at (day, 7, 0), at (day, 19, 0), "Training");

  /* Paolo: does not work on Mondays. */
  tech = add_tech (day, 5, "Paolo Neri", printer, &duomo);
  onsite_tech_add_work_period (tech, 2, 8 * 60, 17 * 60);

  /* Two alike: the lower id wins the tie, whatever the names. */
  tech = add_tech (day, 7, "Anna Bassi", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  tech = add_tech (day, 6, "Zoe Verdi", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);

  /* Inactive: never a candidate. */
  tech = add_tech (day, 8, "Left Company", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  onsite_tech_set_active (tech, FALSE);

  return day;
}

static void
check_candidate (GListModel *candidates,
                 guint       position,
                 gint64      tech_id,
                 int         score,
                 const char *explanation)
{
  g_autoptr(OnsiteCandidate) candidate = g_list_model_get_item (candidates, position);

  g_assert_nonnull (candidate);
  g_assert_cmpint (onsite_tech_get_id (onsite_candidate_get_tech (candidate)), ==, tech_id);
  g_assert_cmpuint (onsite_candidate_get_rank (candidate), ==, position + 1);
  g_assert_cmpstr (onsite_candidate_get_explanation (candidate), ==, explanation);
  g_assert_cmpint (onsite_candidate_get_score (candidate), ==, score);
}

static void
test_rank_terms_and_order (void)
{
  g_autoptr(OnsiteDay) day = make_ranking_day ();
  g_autoptr(GListModel) candidates = NULL;
  g_autoptr(OnsiteCandidate) marco = NULL;
  g_autoptr(OnsiteCandidate) sara = NULL;
  OnsiteDispatchOptions options;
  OnsiteRankRequest request = { 0 };
  gint64 slack;

  onsite_dispatch_options_init (&options);
  options.now = at (day, 8, 0);

  request.ticket_id = 999;
  request.title = "Printer jams on every page";
  request.category = "printer";
  request.has_location = TRUE;
  request.latitude = ticket_place.latitude;
  request.longitude = ticket_place.longitude;
  request.sla_due = at (day, 10, 30);

  candidates = onsite_rank_candidates (day, &request, &options);
  g_assert_cmpuint (g_list_model_get_n_items (candidates), ==, 7);

  /* 8:00 + 441 s from home → 8:10; 8 min travel (−16), wait 10 min (−3). */
  check_candidate (candidates, 0, 6, 981,
                   "has printer skill · ≈8 min away (estimate) · no visits today · arrives 2 h 20 min before SLA breach");
  check_candidate (candidates, 1, 7, 981,
                   "has printer skill · ≈8 min away (estimate) · no visits today · arrives 2 h 20 min before SLA breach");
  /* After the 8:00–9:00 visit at Centrale: 658 s → 9:15; −22 travel,
   * −15 one visit, −10 busy hour, −25 for 75 min of waiting. */
  check_candidate (candidates, 2, 1, 928,
                   "has printer skill · ≈11 min away (estimate) · 1 visit today · arrives 1 h 15 min before SLA breach · free at 09:15");
  check_candidate (candidates, 3, 2, 681,
                   "lacks printer skill · ≈8 min away (estimate) · no visits today · arrives 2 h 20 min before SLA breach");
  /* Free at 12:00 at the Duomo: 12:10, 100 min late (−400). */
  check_candidate (candidates, 4, 3, 416,
                   "has printer skill · ≈8 min away (estimate) · 3 visits today · arrives 1 h 40 min after SLA breach · free at 12:10");
  /* No slot: last, by id. */
  check_candidate (candidates, 5, 4, 1000, "has printer skill · away today · no visits today");
  check_candidate (candidates, 6, 5, 1000, "has printer skill · not working today · no visits today");

  marco = g_list_model_get_item (candidates, 2);
  g_assert_true (onsite_candidate_get_feasible (marco));
  g_assert_cmpint (onsite_candidate_get_start (marco), ==, at (day, 9, 15));
  g_assert_cmpint (onsite_candidate_get_end (marco), ==, at (day, 10, 0));
  g_assert_cmpint (onsite_candidate_get_previous_visit_id (marco), ==, 101);
  g_assert_cmpint (onsite_candidate_get_travel_seconds (marco), ==, 658);
  g_assert_cmpint (onsite_candidate_get_travel_source (marco), ==, ONSITE_TRAVEL_OFFLINE);
  g_assert_cmpuint (onsite_candidate_get_n_visits (marco), ==, 1);
  g_assert_true (onsite_candidate_get_sla_slack (marco, &slack));
  g_assert_cmpint (slack, ==, 75 * 60);

  sara = g_list_model_get_item (candidates, 5);
  g_assert_false (onsite_candidate_get_feasible (sara));
  g_assert_cmpint (onsite_candidate_get_start (sara), ==, 0);
}

static void
test_rank_deterministic (void)
{
  g_autoptr(OnsiteDay) day = make_ranking_day ();
  OnsiteDispatchOptions options;
  OnsiteRankRequest request = { 0 };
  g_autoptr(GString) first = g_string_new (NULL);

  onsite_dispatch_options_init (&options);
  options.now = at (day, 8, 0);
  request.ticket_id = 999;
  request.category = "printer";
  request.has_location = TRUE;
  request.latitude = ticket_place.latitude;
  request.longitude = ticket_place.longitude;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GListModel) candidates = onsite_rank_candidates (day, &request, &options);
      g_autoptr(GString) order = g_string_new (NULL);

      for (guint i = 0; i < g_list_model_get_n_items (candidates); i++)
        {
          g_autoptr(OnsiteCandidate) c = g_list_model_get_item (candidates, i);

          g_string_append_printf (order, "%" G_GINT64_FORMAT ":%d ",
                                  onsite_tech_get_id (onsite_candidate_get_tech (c)),
                                  onsite_candidate_get_score (c));
        }

      if (round == 0)
        g_string_assign (first, order->str);
      else
        g_assert_cmpstr (order->str, ==, first->str);
    }

  /* No SLA: no SLA term. */
  g_assert_null (strstr (first->str, "SLA"));
}

static void
test_rank_gaps_and_own_visit (void)
{
  const char * const printer[] = { "printer", NULL };
  g_autoptr(OnsiteDay) day = make_day ();
  g_autoptr(GListModel) candidates = NULL;
  g_autoptr(OnsiteCandidate) c = NULL;
  OnsiteDispatchOptions options;
  OnsiteRankRequest request = { 0 };
  OnsiteTech *tech;

  tech = add_tech (day, 1, "Marco Rossi", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  /* The 30-minute gap at the ticket's own place is too short for 45 min;
   * 9:05–9:50 fits, but the trip on to Monza (2950 s) would end after
   * 10:30, so the slot is after "Far away". */
  add_visit (day, 1, 11, 1, at (day, 8, 0), at (day, 8, 30), "Desk A", "printer", &ticket_place);
  add_visit (day, 2, 12, 1, at (day, 9, 0), at (day, 9, 0) + 1, "Blip", "printer", &ticket_place);
  add_visit (day, 3, 13, 1, at (day, 10, 30), at (day, 11, 30), "Far away", "printer", &monza);
  /* The ticket's own visit is what is being placed: it is ignored. */
  add_visit (day, 4, 999, 1, at (day, 8, 30), at (day, 9, 0), "Itself", "printer", &ticket_place);

  onsite_dispatch_options_init (&options);
  request.ticket_id = 999;
  request.category = "printer";
  request.has_location = TRUE;
  request.latitude = ticket_place.latitude;
  request.longitude = ticket_place.longitude;

  candidates = onsite_rank_candidates (day, &request, &options);
  c = g_list_model_get_item (candidates, 0);

  /* 11:30 + the trip back from Monza (2950 s) → 12:19:10 → 12:20. */
  g_assert_cmpint (onsite_candidate_get_start (c), ==, at (day, 12, 20));
  g_assert_cmpint (onsite_candidate_get_previous_visit_id (c), ==, 3);
  g_assert_cmpuint (onsite_candidate_get_n_visits (c), ==, 3);
  g_assert_cmpstr (onsite_candidate_get_explanation (c), ==,
                   "has printer skill · ≈50 min away (estimate) · 3 visits that day · free at 12:20");
}

static void
matrix_travel (const OnsitePoint    *from,
               const OnsitePoint    *to,
               OnsiteTravelEstimate *estimate,
               gpointer              user_data)
{
  onsite_travel_matrix_lookup (user_data, from, to, estimate);
}

static void
test_rank_routed_travel (void)
{
  const char * const printer[] = { "printer", NULL };
  const OnsitePoint from[] = { duomo };
  const OnsitePoint to[] = { ticket_place };
  g_autoptr(OnsiteTravelMatrix) matrix = onsite_travel_matrix_new_offline (NULL, from, 1, to, 1);
  g_autoptr(OnsiteDay) day = make_day ();
  g_autoptr(GListModel) candidates = NULL;
  g_autoptr(OnsiteCandidate) c = NULL;
  OnsiteDispatchOptions options;
  OnsiteRankRequest request = { 0 };
  OnsiteTech *tech;

  tech = add_tech (day, 1, "Marco Rossi", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);

  /* The road takes 20 minutes (+ 5 to park). */
  _onsite_travel_matrix_set_routed (matrix, 0, 0, 1200, 4000);

  onsite_dispatch_options_init (&options);
  options.travel_func = matrix_travel;
  options.travel_data = matrix;
  request.ticket_id = 999;
  request.category = "printer";
  request.has_location = TRUE;
  request.latitude = ticket_place.latitude;
  request.longitude = ticket_place.longitude;

  candidates = onsite_rank_candidates (day, &request, &options);
  c = g_list_model_get_item (candidates, 0);
  g_assert_cmpint (onsite_candidate_get_travel_source (c), ==, ONSITE_TRAVEL_ROUTER);
  g_assert_cmpint (onsite_candidate_get_travel_seconds (c), ==, 1500);
  g_assert_cmpint (onsite_candidate_get_start (c), ==, at (day, 8, 25));
  g_assert_cmpstr (onsite_candidate_get_explanation (c), ==,
                   "has printer skill · 25 min away by road · no visits that day");
}

/* Conflicts --------------------------------------------------------------- */

static guint
count_kind (GPtrArray          *conflicts,
            OnsiteConflictKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < conflicts->len; i++)
    n += ((OnsiteConflict *)g_ptr_array_index (conflicts, i))->kind == kind;

  return n;
}

static const OnsiteConflict *
find_kind (GPtrArray          *conflicts,
           OnsiteConflictKind  kind,
           gint64              visit_id)
{
  for (guint i = 0; i < conflicts->len; i++)
    {
      const OnsiteConflict *c = g_ptr_array_index (conflicts, i);

      if (c->kind == kind && c->visit_id == visit_id)
        return c;
    }

  g_error ("no %s conflict on visit %" G_GINT64_FORMAT,
           onsite_conflict_kind_to_string (kind), visit_id);
  return NULL;
}

static void
test_conflicts (void)
{
  const char * const printer[] = { "printer", NULL };
  g_autoptr(OnsiteDay) day = make_day ();
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GPtrArray) clean = NULL;
  const OnsiteConflict *c;
  OnsiteVisit *late;
  OnsiteTech *tech;

  tech = add_tech (day, 1, "Marco Rossi", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 12 * 60 + 30);
  onsite_tech_add_work_period (tech, 1, 13 * 60 + 30, 17 * 60);
  onsite_tech_add_absence (tech, 1, at (day, 15, 0), at (day, 16, 0), "Dentist");

  add_visit (day, 1, 11, 1, at (day, 8, 0), at (day, 9, 0), "Printer jam", "printer", &duomo);
  add_visit (day, 2, 12, 1, at (day, 8, 30), at (day, 9, 30), "Toner, low; again", "printer", &duomo);
  add_visit (day, 3, 13, 1, at (day, 9, 35), at (day, 10, 0), "Scanner", "printer", &monza);
  add_visit (day, 4, 14, 1, at (day, 12, 15), at (day, 13, 0), "Switch", "network", &monza);
  late = add_visit (day, 7, 17, 1, at (day, 14, 0), at (day, 14, 30), "Label printer", "printer", &monza);
  onsite_visit_set_sla_due (late, at (day, 13, 50));
  add_visit (day, 5, 15, 1, at (day, 15, 30), at (day, 16, 0), "Plotter", "printer", &monza);
  add_visit (day, 6, 16, 1, at (day, 17, 30), at (day, 18, 0), "Copier", "printer", &monza);
  /* Cancelled: no conflict at all, though it overlaps everything. */
  onsite_visit_set_state (add_visit (day, 8, 18, 1, at (day, 8, 0), at (day, 18, 0),
                                     "Whole day", "network", &monza),
                          ONSITE_VISIT_CANCELLED);

  /* Giulia does not work on Mondays. */
  tech = add_tech (day, 2, "Giulia Ferrari", printer, &duomo);
  onsite_tech_add_work_period (tech, 2, 8 * 60, 17 * 60);
  add_visit (day, 20, 30, 2, at (day, 10, 0), at (day, 11, 0), "Monday job", "printer", &duomo);

  /* Paola's day is fine. */
  tech = add_tech (day, 3, "Paola Brambilla", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 17 * 60);
  add_visit (day, 30, 40, 3, at (day, 9, 0), at (day, 10, 0), "Fine A", "printer", &duomo);
  add_visit (day, 31, 41, 3, at (day, 11, 0), at (day, 12, 0), "Fine B", "printer", &monza);

  conflicts = onsite_day_find_conflicts (day, 1, NULL);

  g_assert_cmpuint (count_kind (conflicts, ONSITE_CONFLICT_OVERLAP), ==, 1);
  g_assert_cmpuint (count_kind (conflicts, ONSITE_CONFLICT_TRAVEL), ==, 1);
  g_assert_cmpuint (count_kind (conflicts, ONSITE_CONFLICT_OUTSIDE_HOURS), ==, 2);
  g_assert_cmpuint (count_kind (conflicts, ONSITE_CONFLICT_ABSENCE), ==, 1);
  g_assert_cmpuint (count_kind (conflicts, ONSITE_CONFLICT_SLA), ==, 1);
  g_assert_cmpuint (count_kind (conflicts, ONSITE_CONFLICT_SKILL), ==, 1);
  g_assert_cmpuint (conflicts->len, ==, 7);

  c = find_kind (conflicts, ONSITE_CONFLICT_OVERLAP, 1);
  g_assert_cmpint (c->other_visit_id, ==, 2);
  g_assert_cmpint (c->technician_id, ==, 1);
  g_assert_cmpstr (c->message, ==, "“Printer jam” and “Toner, low; again” overlap by 30 min.");

  c = find_kind (conflicts, ONSITE_CONFLICT_TRAVEL, 2);
  g_assert_cmpint (c->other_visit_id, ==, 3);
  g_assert_cmpstr (c->message, ==,
                   "Only 5 min between “Toner, low; again” and “Scanner”; the trip takes about 52 min.");

  c = find_kind (conflicts, ONSITE_CONFLICT_OUTSIDE_HOURS, 4);
  g_assert_cmpstr (c->message, ==,
                   "“Switch” at 12:15–13:00 runs into a break of Marco Rossi (working hours 08:00–12:30, 13:30–17:00).");
  c = find_kind (conflicts, ONSITE_CONFLICT_SKILL, 4);
  g_assert_cmpstr (c->message, ==, "Marco Rossi lacks the network skill that “Switch” needs.");

  c = find_kind (conflicts, ONSITE_CONFLICT_SLA, 7);
  g_assert_cmpstr (c->message, ==,
                   "Marco Rossi arrives at 14:00 for “Label printer”, 10 min after the SLA due time (13:50).");

  c = find_kind (conflicts, ONSITE_CONFLICT_ABSENCE, 5);
  g_assert_cmpstr (c->message, ==,
                   "“Plotter” at 15:30–16:00 falls in an absence of Marco Rossi (Dentist, 15:00–16:00).");

  c = find_kind (conflicts, ONSITE_CONFLICT_OUTSIDE_HOURS, 6);
  g_assert_cmpstr (c->message, ==,
                   "“Copier” at 17:30–18:00 is outside the working hours of Marco Rossi (08:00–12:30, 13:30–17:00).");

  /* Everyone: Giulia's day too, Paola's is clean. */
  everyone = onsite_day_find_conflicts (day, 0, NULL);
  g_assert_cmpuint (everyone->len, ==, 8);
  c = find_kind (everyone, ONSITE_CONFLICT_OUTSIDE_HOURS, 20);
  g_assert_cmpstr (c->message, ==, "“Monday job” at 10:00–11:00 is on a day Giulia Ferrari does not work.");

  clean = onsite_day_find_conflicts (day, 3, NULL);
  g_assert_cmpuint (clean->len, ==, 0);
}

static void
test_day_model (void)
{
  const char * const printer[] = { "printer", NULL };
  g_autoptr(OnsiteDay) day = make_day ();
  g_autoptr(GArray) periods = NULL;
  g_autoptr(OnsiteVisit) first = NULL;
  GListModel *visits;
  OnsiteTech *tech;

  tech = add_tech (day, 1, "Marco Rossi", printer, &duomo);
  onsite_tech_add_work_period (tech, 1, 8 * 60, 12 * 60 + 30);
  onsite_tech_add_work_period (tech, 1, 13 * 60 + 30, 17 * 60);
  onsite_tech_add_absence (tech, 1, at (day, 10, 0), at (day, 11, 0), NULL);

  add_visit (day, 2, 12, 1, at (day, 11, 0), at (day, 12, 0), "Second", "printer", &duomo);
  add_visit (day, 1, 11, 1, at (day, 9, 0), at (day, 10, 0), "First", "printer", &duomo);
  add_visit (day, 3, 13, 0, at (day, 9, 0), at (day, 10, 0), "Nobody's", "printer", &duomo);

  g_assert_cmpuint (onsite_day_get_n_visits (day), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (onsite_day_get_techs (day)), ==, 1);
  g_assert_true (onsite_day_find_tech (day, 1) == tech);
  g_assert_null (onsite_day_find_tech (day, 9));

  visits = onsite_day_get_visits (day, 1);
  g_assert_cmpuint (g_list_model_get_n_items (visits), ==, 2);
  first = g_list_model_get_item (visits, 0);
  g_assert_cmpint (onsite_visit_get_id (first), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (onsite_day_get_visits (day, 0)), ==, 1);
  g_assert_null (onsite_day_get_visits (day, 42));

  /* The absence cuts the morning in two. */
  periods = onsite_day_dup_working_periods (day, 1);
  g_assert_cmpuint (periods->len, ==, 3);
  g_assert_cmpint (g_array_index (periods, OnsiteInterval, 0).start, ==, at (day, 8, 0));
  g_assert_cmpint (g_array_index (periods, OnsiteInterval, 0).end, ==, at (day, 10, 0));
  g_assert_cmpint (g_array_index (periods, OnsiteInterval, 1).start, ==, at (day, 11, 0));
  g_assert_cmpint (g_array_index (periods, OnsiteInterval, 1).end, ==, at (day, 12, 30));
  g_assert_cmpint (g_array_index (periods, OnsiteInterval, 2).start, ==, at (day, 13, 30));

  g_assert_cmpstr (onsite_dispatch_rules_for_category ("conference-room", NULL)[1], ==, "audio-video");
  g_assert_null (onsite_dispatch_rules_for_category ("unheard-of", NULL)[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dispatch/travel/distances", test_travel_distances);
  g_test_add_func ("/dispatch/travel/estimate", test_travel_estimate);
  g_test_add_func ("/dispatch/travel/matrix", test_travel_matrix);
  g_test_add_func ("/dispatch/rank/terms-and-order", test_rank_terms_and_order);
  g_test_add_func ("/dispatch/rank/deterministic", test_rank_deterministic);
  g_test_add_func ("/dispatch/rank/gaps-and-own-visit", test_rank_gaps_and_own_visit);
  g_test_add_func ("/dispatch/rank/routed-travel", test_rank_routed_travel);
  g_test_add_func ("/dispatch/conflicts", test_conflicts);
  g_test_add_func ("/dispatch/day", test_day_model);

  return g_test_run ();
}
