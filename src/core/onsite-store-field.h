/* onsite-store-field.h
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "onsite-store.h"
#include "dispatch/onsite-visit.h"

G_BEGIN_DECLS

/*
 * The technician's side of a visit (implemented in
 * src/core/onsite-store-field.c): the steps of the visit's life, the work
 * record and the customer's feedback. Everything only writes the store, so
 * it works with no network; the sync sends it later through the outbox.
 */

/**
 * OnsiteVisitStep:
 * @ONSITE_VISIT_STEP_EN_ROUTE: the technician sets off (planned → en route)
 * @ONSITE_VISIT_STEP_ARRIVE: the technician is there (planned or en route →
 *   on site); records the arrival
 * @ONSITE_VISIT_STEP_RESOLVE: the problem is fixed (on site → done);
 *   records the departure, the ticket is resolved
 * @ONSITE_VISIT_STEP_NEEDS_PARTS: a part is missing (on site → needs
 *   parts); the ticket waits
 * @ONSITE_VISIT_STEP_NEEDS_VENDOR: the vendor has to come (on site →
 *   needs vendor, L3); the ticket waits
 * @ONSITE_VISIT_STEP_NO_ACCESS: the customer is absent or the room locked
 *   (planned, en route or on site → no access); the ticket needs a new visit
 * @ONSITE_VISIT_STEP_RESCHEDULE: the visit cannot happen now (planned, en
 *   route or on site → rescheduled); the ticket needs a new visit
 *
 * What a technician can do with a visit.
 */
typedef enum
{
  ONSITE_VISIT_STEP_EN_ROUTE,
  ONSITE_VISIT_STEP_ARRIVE,
  ONSITE_VISIT_STEP_RESOLVE,
  ONSITE_VISIT_STEP_NEEDS_PARTS,
  ONSITE_VISIT_STEP_NEEDS_VENDOR,
  ONSITE_VISIT_STEP_NO_ACCESS,
  ONSITE_VISIT_STEP_RESCHEDULE,
  ONSITE_N_VISIT_STEPS
} OnsiteVisitStep;

const char       *onsite_visit_step_to_string   (OnsiteVisitStep   step);
gboolean          onsite_visit_step_from_string (const char       *str,
                                                 OnsiteVisitStep  *step);
const char       *onsite_visit_step_to_label    (OnsiteVisitStep   step);
OnsiteVisitState  onsite_visit_step_get_target  (OnsiteVisitStep   step);
gboolean          onsite_visit_step_is_allowed  (OnsiteVisitStep   step,
                                                 OnsiteVisitState  from);
gboolean          onsite_visit_state_next_step  (OnsiteVisitState  state,
                                                 OnsiteVisitStep  *step);

/**
 * OnsitePart:
 * @id: the row in the store
 * @description: what was used, as the technician wrote it
 * @quantity: how many, at least 1
 * @added_at: when it was written down
 *
 * A part used on a visit.
 */
typedef struct
{
  gint64  id;
  char   *description;
  int     quantity;
  gint64  added_at;
} OnsitePart;

void onsite_part_free (OnsitePart *part);

/**
 * OnsiteAttachment:
 * @id: the row in the store
 * @name: the file's name as the technician chose it
 * @path: where the copy is kept, under onsite_attachments_dir()
 * @size: bytes
 * @mime_type: the content type, "image/jpeg"
 * @added_at: when it was attached
 *
 * A photo or a file kept with a visit.
 */
typedef struct
{
  gint64  id;
  char   *name;
  char   *path;
  gint64  size;
  char   *mime_type;
  gint64  added_at;
} OnsiteAttachment;

void onsite_attachment_free (OnsiteAttachment *attachment);

/**
 * OnsiteFeedback:
 * @rating: satisfaction, 1 (very unhappy) to 5 (very happy)
 * @comment: what the customer said, maybe empty
 * @customer_name: who gave it
 * @given_at: when
 *
 * The customer's word at the end of a visit.
 */
typedef struct
{
  int     rating;
  char   *comment;
  char   *customer_name;
  gint64  given_at;
} OnsiteFeedback;

void onsite_feedback_free (OnsiteFeedback *feedback);

/**
 * OnsiteWorkRecord:
 * @visit_id: the visit
 * @ticket_id: its ticket
 * @state: where the visit is in its life
 * @en_route_at: when the technician set off, or 0
 * @arrived_at: arrival, or 0
 * @departed_at: departure, or 0
 * @notes: the technician's notes
 * @parts: (element-type OnsitePart): parts used, in the order written
 * @attachments: (element-type OnsiteAttachment): files, in the order added
 * @feedback: (nullable): the customer's feedback, once given
 *
 * What happened on a visit, as the technician records it.
 */
typedef struct
{
  gint64            visit_id;
  gint64            ticket_id;
  OnsiteVisitState  state;
  gint64            en_route_at;
  gint64            arrived_at;
  gint64            departed_at;
  char             *notes;
  GPtrArray        *parts;
  GPtrArray        *attachments;
  OnsiteFeedback   *feedback;
} OnsiteWorkRecord;

void   onsite_work_record_free             (OnsiteWorkRecord *record);
gint64 onsite_work_record_get_time_on_site (OnsiteWorkRecord *record,
                                            gint64            now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsitePart, onsite_part_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteAttachment, onsite_attachment_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteFeedback, onsite_feedback_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OnsiteWorkRecord, onsite_work_record_free)

char             *onsite_format_duration        (gint64            seconds);
char             *onsite_attachments_dir        (gint64            ticket_id);

gboolean          onsite_store_visit_step       (OnsiteStore      *self,
                                                 gint64            visit_id,
                                                 OnsiteVisitStep   step,
                                                 const char       *note,
                                                 gint64            at,
                                                 const char       *actor,
                                                 GError          **error);
GPtrArray        *onsite_store_list_tech_visits (OnsiteStore      *self,
                                                 gint64            technician_id,
                                                 gint64            from,
                                                 gint64            to,
                                                 GError          **error);

OnsiteWorkRecord *onsite_store_get_work_record  (OnsiteStore      *self,
                                                 gint64            visit_id,
                                                 GError          **error);
gboolean          onsite_store_set_work_notes   (OnsiteStore      *self,
                                                 gint64            visit_id,
                                                 const char       *notes,
                                                 GError          **error);
gint64            onsite_store_add_part         (OnsiteStore      *self,
                                                 gint64            visit_id,
                                                 const char       *description,
                                                 int               quantity,
                                                 const char       *actor,
                                                 GError          **error);
gboolean          onsite_store_remove_part      (OnsiteStore      *self,
                                                 gint64            part_id,
                                                 const char       *actor,
                                                 GError          **error);
gint64            onsite_store_attach_file      (OnsiteStore      *self,
                                                 gint64            visit_id,
                                                 GFile            *file,
                                                 const char       *directory,
                                                 const char       *actor,
                                                 GCancellable     *cancellable,
                                                 GError          **error);
void              onsite_store_attach_file_async  (OnsiteStore         *self,
                                                   gint64               visit_id,
                                                   GFile               *file,
                                                   const char          *directory,
                                                   const char          *actor,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gint64            onsite_store_attach_file_finish (OnsiteStore         *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
gboolean          onsite_store_add_feedback     (OnsiteStore      *self,
                                                 gint64            visit_id,
                                                 int               rating,
                                                 const char       *comment,
                                                 const char       *customer_name,
                                                 gint64            at,
                                                 const char       *actor,
                                                 GError          **error);
gboolean          onsite_store_get_feedback_stats (OnsiteStore    *self,
                                                   gint64          from,
                                                   gint64          to,
                                                   guint          *count,
                                                   double         *mean,
                                                   GError        **error);

G_END_DECLS
