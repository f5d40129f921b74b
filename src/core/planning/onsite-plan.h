/* onsite-plan.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define ONSITE_PLAN_ERROR (onsite_plan_error_quark ())

/**
 * OnsitePlanError:
 * @ONSITE_PLAN_ERROR_INVALID: the problem or a plan handed in is malformed
 *   (an unknown location, a negative duration, an empty window…)
 * @ONSITE_PLAN_ERROR_INFEASIBLE: a plan breaks a rule of the problem (a
 *   window, a shift, a skill, the capacity, a pin, a visit planned twice)
 * @ONSITE_PLAN_ERROR_PARSE: an instance file could not be read
 * @ONSITE_PLAN_ERROR_CANCELLED: planning was cancelled before any plan existed
 *
 * Errors of the day planner. Messages are sentences meant for people.
 */
typedef enum
{
  ONSITE_PLAN_ERROR_INVALID,
  ONSITE_PLAN_ERROR_INFEASIBLE,
  ONSITE_PLAN_ERROR_PARSE,
  ONSITE_PLAN_ERROR_CANCELLED,
} OnsitePlanError;

GQuark onsite_plan_error_quark (void);

/**
 * OnsitePlanUnassignedReason:
 * @ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN: nobody (or not the pinned
 *   technician) has the skills the visit needs
 * @ONSITE_PLAN_UNASSIGNED_WINDOW_IMPOSSIBLE: no skilled technician can reach
 *   the visit within its window and get back before the end of the shift,
 *   even with nothing else to do
 * @ONSITE_PLAN_UNASSIGNED_CAPACITY: the visit needs more capacity than any
 *   skilled technician has
 * @ONSITE_PLAN_UNASSIGNED_NO_ROOM: the visit fits a technician on its own
 *   but not beside the visits that were preferred (higher priority, or
 *   pinned)
 */
typedef enum
{
  ONSITE_PLAN_UNASSIGNED_NO_SKILLED_TECHNICIAN,
  ONSITE_PLAN_UNASSIGNED_WINDOW_IMPOSSIBLE,
  ONSITE_PLAN_UNASSIGNED_CAPACITY,
  ONSITE_PLAN_UNASSIGNED_NO_ROOM,
} OnsitePlanUnassignedReason;

const char *onsite_plan_unassigned_reason_to_string (OnsitePlanUnassignedReason reason);

/**
 * OnsitePlanVisit:
 * @location: index of the visit's site in the travel matrix
 * @duration: time spent on site
 * @window_start: earliest start of the work
 * @window_end: latest start of the work (a hard limit: customer availability)
 * @due: the SLA due time; starting later is a breach. %INFINITY when none
 * @demand: what the visit uses of a technician's capacity (parts, volume)
 * @skills: bit mask of required skills, see onsite_plan_problem_skill_bit()
 * @priority: 1 (critical) to 4 (low); more important visits are served first
 * @pinned_technician: the only technician allowed, or -1
 * @pinned_time: the fixed start of the work, or NAN
 * @in_progress: the technician is on it now: it stays first on the pinned
 *   technician's route and is never moved
 * @id: the caller's identifier, carried through untouched
 *
 * One visit to place. Times are in any unit as long as the travel matrix
 * uses the same (Onsite uses seconds since the start of the day). Use
 * onsite_plan_visit_init() to get the defaults before filling it in.
 */
typedef struct
{
  guint    location;
  double   duration;
  double   window_start;
  double   window_end;
  double   due;
  double   demand;
  guint64  skills;
  int      priority;
  int      pinned_technician;
  double   pinned_time;
  gboolean in_progress;
  gint64   id;
} OnsitePlanVisit;

/**
 * OnsitePlanTechnician:
 * @start_location: where the day starts (an index in the travel matrix)
 * @end_location: where the day ends
 * @shift_start: earliest departure
 * @shift_end: latest return to @end_location
 * @skills: bit mask of the technician's skills
 * @capacity: total demand the technician can carry, %INFINITY if unlimited
 * @id: the caller's identifier, carried through untouched
 */
typedef struct
{
  guint   start_location;
  guint   end_location;
  double  shift_start;
  double  shift_end;
  guint64 skills;
  double  capacity;
  gint64  id;
} OnsitePlanTechnician;

void onsite_plan_visit_init      (OnsitePlanVisit      *visit);
void onsite_plan_technician_init (OnsitePlanTechnician *technician);

/**
 * OnsitePlanTravelFunc:
 * @from: a location index
 * @to: a location index
 * @user_data: the data given with the function
 *
 * Returns: the travel time from @from to @to
 */
typedef double (*OnsitePlanTravelFunc) (guint    from,
                                        guint    to,
                                        gpointer user_data);

typedef struct _OnsitePlanProblem  OnsitePlanProblem;
typedef struct _OnsitePlanSolution OnsitePlanSolution;

#define ONSITE_TYPE_PLAN_PROBLEM  (onsite_plan_problem_get_type ())
#define ONSITE_TYPE_PLAN_SOLUTION (onsite_plan_solution_get_type ())

GType                       onsite_plan_problem_get_type         (void) G_GNUC_CONST;
OnsitePlanProblem          *onsite_plan_problem_new              (guint                       n_locations);
OnsitePlanProblem          *onsite_plan_problem_ref              (OnsitePlanProblem          *self);
void                        onsite_plan_problem_unref            (OnsitePlanProblem          *self);
guint                       onsite_plan_problem_get_n_locations  (OnsitePlanProblem          *self);
void                        onsite_plan_problem_set_travel_matrix (OnsitePlanProblem         *self,
                                                                  const double               *matrix);
void                        onsite_plan_problem_set_travel_func  (OnsitePlanProblem          *self,
                                                                  OnsitePlanTravelFunc        func,
                                                                  gpointer                    user_data);
double                      onsite_plan_problem_get_travel       (OnsitePlanProblem          *self,
                                                                  guint                       from,
                                                                  guint                       to);
guint64                     onsite_plan_problem_skill_bit        (OnsitePlanProblem          *self,
                                                                  const char                 *skill);
guint                       onsite_plan_problem_add_visit        (OnsitePlanProblem          *self,
                                                                  const OnsitePlanVisit      *visit);
guint                       onsite_plan_problem_add_technician   (OnsitePlanProblem          *self,
                                                                  const OnsitePlanTechnician *technician);
guint                       onsite_plan_problem_get_n_visits     (OnsitePlanProblem          *self);
guint                       onsite_plan_problem_get_n_technicians (OnsitePlanProblem         *self);
const OnsitePlanVisit      *onsite_plan_problem_get_visit        (OnsitePlanProblem          *self,
                                                                  guint                       index);
const OnsitePlanTechnician *onsite_plan_problem_get_technician   (OnsitePlanProblem          *self,
                                                                  guint                       index);
gboolean                    onsite_plan_problem_validate         (OnsitePlanProblem          *self,
                                                                  GError                    **error);

/**
 * OnsitePlanStop:
 * @visit: index of the visit in the problem
 * @arrival: when the technician arrives
 * @start: when the work starts (after waiting for the window, if any)
 * @departure: when the technician leaves
 * @late: whether @start is after the visit's SLA due time
 */
typedef struct
{
  guint    visit;
  double   arrival;
  double   start;
  double   departure;
  gboolean late;
} OnsitePlanStop;

/**
 * OnsitePlanRoute:
 * @technician: index of the technician in the problem
 * @stops: (element-type OnsitePlanStop): the visits in order
 * @departure: when the technician leaves the start location
 * @return_time: when the technician is back at the end location
 * @travel: total travel time of the route
 * @load: total demand of the route
 */
typedef struct
{
  guint   technician;
  GArray *stops;
  double  departure;
  double  return_time;
  double  travel;
  double  load;
} OnsitePlanRoute;

GType                       onsite_plan_solution_get_type        (void) G_GNUC_CONST;
OnsitePlanSolution         *onsite_plan_solution_new             (OnsitePlanProblem          *problem);
OnsitePlanSolution         *onsite_plan_solution_ref             (OnsitePlanSolution         *self);
void                        onsite_plan_solution_unref           (OnsitePlanSolution         *self);
OnsitePlanProblem          *onsite_plan_solution_get_problem     (OnsitePlanSolution         *self);
gboolean                    onsite_plan_solution_set_route       (OnsitePlanSolution         *self,
                                                                  guint                       technician,
                                                                  const guint                *visits,
                                                                  guint                       n_visits,
                                                                  GError                    **error);
gboolean                    onsite_plan_solution_check           (OnsitePlanSolution         *self,
                                                                  GError                    **error);
guint                       onsite_plan_solution_get_n_routes    (OnsitePlanSolution         *self);
const OnsitePlanRoute      *onsite_plan_solution_get_route       (OnsitePlanSolution         *self,
                                                                  guint                       technician);
guint                       onsite_plan_solution_get_n_used_routes (OnsitePlanSolution       *self);
guint                       onsite_plan_solution_get_n_unassigned (OnsitePlanSolution        *self);
guint                       onsite_plan_solution_get_unassigned  (OnsitePlanSolution         *self,
                                                                  guint                       index,
                                                                  OnsitePlanUnassignedReason *reason);
int                         onsite_plan_solution_find_visit      (OnsitePlanSolution         *self,
                                                                  guint                       visit,
                                                                  guint                      *position);
guint                       onsite_plan_solution_get_n_served    (OnsitePlanSolution         *self);
guint                       onsite_plan_solution_get_n_breaches  (OnsitePlanSolution         *self);
double                      onsite_plan_solution_get_lateness    (OnsitePlanSolution         *self);
double                      onsite_plan_solution_get_travel      (OnsitePlanSolution         *self);
double                      onsite_plan_solution_get_cost        (OnsitePlanSolution         *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsitePlanProblem, onsite_plan_problem_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsitePlanSolution, onsite_plan_solution_unref)

G_END_DECLS
