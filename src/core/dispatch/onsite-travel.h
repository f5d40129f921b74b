/* onsite-travel.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * OnsiteTravelSource:
 * @ONSITE_TRAVEL_UNKNOWN: a place has no known location; the time is 0
 * @ONSITE_TRAVEL_OFFLINE: great-circle distance times a detour factor, at
 *   an average speed, plus parking and walking
 * @ONSITE_TRAVEL_ROUTER: a road routing server (OSRM) answered
 *
 * Which estimator gave a travel time, so people can tell a guess from a route.
 */
typedef enum
{
  ONSITE_TRAVEL_UNKNOWN,
  ONSITE_TRAVEL_OFFLINE,
  ONSITE_TRAVEL_ROUTER,
} OnsiteTravelSource;

const char *onsite_travel_source_to_string (OnsiteTravelSource source);
const char *onsite_travel_source_to_label  (OnsiteTravelSource source);

/* City defaults: streets are ~30 % longer than the straight line, vans
 * average 25 km/h in town, and parking and walking in take 5 minutes. */
#define ONSITE_TRAVEL_DEFAULT_DETOUR_FACTOR 1.3
#define ONSITE_TRAVEL_DEFAULT_SPEED_KMH     25.0
#define ONSITE_TRAVEL_DEFAULT_OVERHEAD      (5 * 60)

/**
 * OnsiteTravelSettings:
 * @detour_factor: road distance over straight-line distance, >= 1
 * @speed_kmh: average speed on the road, > 0
 * @overhead_seconds: added to every trip between two different places
 *   (parking, walking to the desk); a routing server's times get it too
 *
 * How the offline estimate works. Start from onsite_travel_settings_init().
 */
typedef struct
{
  double detour_factor;
  double speed_kmh;
  int    overhead_seconds;
} OnsiteTravelSettings;

void onsite_travel_settings_init (OnsiteTravelSettings *settings);

/**
 * OnsitePoint:
 *
 * A place in WGS 84 degrees.
 */
typedef struct
{
  double latitude;
  double longitude;
} OnsitePoint;

/**
 * OnsiteTravelEstimate:
 * @seconds: travel time, overhead included
 * @meters: road (or estimated road) distance
 * @source: which estimator gave it
 */
typedef struct
{
  int                seconds;
  double             meters;
  OnsiteTravelSource source;
} OnsiteTravelEstimate;

double   onsite_travel_great_circle (const OnsitePoint           *from,
                                     const OnsitePoint           *to);
void     onsite_travel_estimate     (const OnsiteTravelSettings  *settings,
                                     const OnsitePoint           *from,
                                     const OnsitePoint           *to,
                                     OnsiteTravelEstimate        *estimate);
char    *onsite_travel_format_minutes (int                        seconds);

/**
 * OnsiteTravelMatrix:
 *
 * Travel between every place of one list and every place of another, from
 * the routing server or estimated offline, cell by cell. Reference counted.
 * A square matrix (same list twice) feeds the day planner directly.
 */
typedef struct _OnsiteTravelMatrix OnsiteTravelMatrix;

#define ONSITE_TYPE_TRAVEL_MATRIX (onsite_travel_matrix_get_type ())

GType               onsite_travel_matrix_get_type        (void) G_GNUC_CONST;
OnsiteTravelMatrix *onsite_travel_matrix_new_offline     (const OnsiteTravelSettings *settings,
                                                          const OnsitePoint          *from,
                                                          guint                       n_from,
                                                          const OnsitePoint          *to,
                                                          guint                       n_to);
OnsiteTravelMatrix *onsite_travel_matrix_ref             (OnsiteTravelMatrix         *self);
void                onsite_travel_matrix_unref           (OnsiteTravelMatrix         *self);
guint               onsite_travel_matrix_get_n_from      (OnsiteTravelMatrix         *self);
guint               onsite_travel_matrix_get_n_to        (OnsiteTravelMatrix         *self);
void                onsite_travel_matrix_get             (OnsiteTravelMatrix         *self,
                                                          guint                       from,
                                                          guint                       to,
                                                          OnsiteTravelEstimate       *estimate);
gboolean            onsite_travel_matrix_lookup          (OnsiteTravelMatrix         *self,
                                                          const OnsitePoint          *from,
                                                          const OnsitePoint          *to,
                                                          OnsiteTravelEstimate       *estimate);
OnsiteTravelSource  onsite_travel_matrix_get_source      (OnsiteTravelMatrix         *self);
const char         *onsite_travel_matrix_get_fallback_reason (OnsiteTravelMatrix     *self);
double             *onsite_travel_matrix_dup_seconds     (OnsiteTravelMatrix         *self);
double              onsite_travel_matrix_plan_func       (guint                       from,
                                                          guint                       to,
                                                          gpointer                    matrix);

/* For the routing client: fills a cell from the server. */
void                _onsite_travel_matrix_set_routed     (OnsiteTravelMatrix         *self,
                                                          guint                       from,
                                                          guint                       to,
                                                          double                      seconds,
                                                          double                      meters);
void                _onsite_travel_matrix_set_fallback_reason (OnsiteTravelMatrix    *self,
                                                          const char                 *reason);
const OnsitePoint  *_onsite_travel_matrix_get_point      (OnsiteTravelMatrix         *self,
                                                          gboolean                    from,
                                                          guint                       index);

/**
 * OnsiteTravelFunc:
 * @from: where the trip starts
 * @to: where it ends
 * @estimate: (out): the travel
 * @user_data: the data given with the function
 *
 * Estimates one trip, for the ranking and the conflict checks.
 */
typedef void (*OnsiteTravelFunc) (const OnsitePoint    *from,
                                  const OnsitePoint    *to,
                                  OnsiteTravelEstimate *estimate,
                                  gpointer              user_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteTravelMatrix, onsite_travel_matrix_unref)

G_END_DECLS
