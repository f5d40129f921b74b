/* onsite-tile-download.c
 *
 * Copyright 2026 The Onsite Authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "onsite-tile-download"

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <math.h>
#include <string.h>

#include "onsite-tile-download.h"

/*
 * "Download map for today": every tile of an area from zoom a to zoom b,
 * fetched before the technician leaves the network, into the very file
 * cache that libshumate's tile downloader reads. The map then finds them
 * with no network at all.
 *
 * That cache is a ShumateFileCache in the default cache folder, keyed by the
 * URL template with everything but letters and digits turned into '_', the
 * way ShumateTileDownloader names its cache (libshumate 1.0 to 1.6). Tiles
 * go in through the public ShumateFileCache API only.
 *
 * Politeness, as tile servers ask: at most two requests in flight, the
 * application's user agent, a conditional request (If-None-Match, else
 * If-Modified-Since) for a tile cached before, and no request at all for a
 * tile cached less than seven days ago, which is when libshumate itself
 * would ask again. A tile that fails is counted and the download goes on;
 * a tile received is stored whole even if the download is then cancelled.
 */

#define FRESH_FOR        (7 * G_TIME_SPAN_DAY)  /* as ShumateTileDownloader */
#define CACHE_SIZE_LIMIT (100 * 1000 * 1000)    /* as ShumateTileDownloader */
#define MAX_TILE_BYTES   (4 * 1024 * 1024)
#define MAX_ZOOM_LEVEL   22
#define MAX_LATITUDE     85.0511287798
#define DEFAULT_TIMEOUT  30

struct _OnsiteTileDownload
{
  GObject           parent_instance;

  char             *url_template;
  char             *cache_dir;
  ShumateFileCache *cache;
  SoupSession      *session;
  guint             timeout;

  /* The area: one (x, y, z) triple per tile, lowest zoom first. */
  GArray           *tiles;

  guint             n_done;
  guint             n_stored;
  guint             n_fresh;
  guint             n_failed;
  guint64           bytes;
  char             *first_failure;
  guint             running : 1;
};

G_DEFINE_FINAL_TYPE (OnsiteTileDownload, onsite_tile_download, G_TYPE_OBJECT)

G_DEFINE_QUARK (onsite-tile-download-error-quark, onsite_tile_download_error)

enum {
  PROP_0,
  PROP_URL_TEMPLATE,
  PROP_CACHE_DIR,
  PROP_N_TOTAL,
  PROP_N_DONE,
  PROP_N_STORED,
  PROP_N_FRESH,
  PROP_N_FAILED,
  PROP_BYTES,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  gint32 x;
  gint32 y;
  gint32 z;
} TileCoord;

typedef struct
{
  guint next;       /* index of the next tile to start */
  guint in_flight;
} RunData;

typedef struct
{
  GTask       *task;  /* the run */
  TileCoord    coord;
  GBytes      *cached;
  char        *etag;
  GDateTime   *modtime;
  SoupMessage *msg;
} TileJob;

static void
tile_job_free (TileJob *job)
{
  g_clear_object (&job->task);
  g_clear_pointer (&job->cached, g_bytes_unref);
  g_clear_pointer (&job->etag, g_free);
  g_clear_pointer (&job->modtime, g_date_time_unref);
  g_clear_object (&job->msg);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TileJob, tile_job_free)

static void start_jobs (GTask *task);

static int
lon_to_x (double lon,
          guint  zoom)
{
  double n = (double)(1u << zoom);
  int x = (int) floor ((lon + 180.0) / 360.0 * n);

  return CLAMP (x, 0, (int)(1u << zoom) - 1);
}

static int
lat_to_y (double lat,
          guint  zoom)
{
  double n = (double)(1u << zoom);
  double rad = CLAMP (lat, -MAX_LATITUDE, MAX_LATITUDE) * G_PI / 180.0;
  int y = (int) floor ((1.0 - asinh (tan (rad)) / G_PI) / 2.0 * n);

  return CLAMP (y, 0, (int)(1u << zoom) - 1);
}

static gboolean
area_is_valid (double min_lat,
               double min_lon,
               double max_lat,
               double max_lon,
               guint  min_zoom,
               guint  max_zoom)
{
  return isfinite (min_lat) && isfinite (max_lat) && isfinite (min_lon) && isfinite (max_lon) &&
         min_lat >= -90.0 && max_lat <= 90.0 && min_lat <= max_lat &&
         min_lon >= -180.0 && max_lon <= 180.0 && min_lon <= max_lon &&
         min_zoom <= max_zoom && max_zoom <= MAX_ZOOM_LEVEL;
}

/**
 * onsite_tile_download_count_tiles:
 * @min_lat: the southern edge
 * @min_lon: the western edge
 * @max_lat: the northern edge
 * @max_lon: the eastern edge
 * @min_zoom: the lowest zoom level
 * @max_zoom: the highest zoom level
 *
 * Counts the map tiles that cover an area at every zoom level from
 * @min_zoom to @max_zoom.
 *
 * Returns: the number of tiles, 0 for an area that makes no sense
 */
guint64
onsite_tile_download_count_tiles (double min_lat,
                                  double min_lon,
                                  double max_lat,
                                  double max_lon,
                                  guint  min_zoom,
                                  guint  max_zoom)
{
  guint64 count = 0;

  if (!area_is_valid (min_lat, min_lon, max_lat, max_lon, min_zoom, max_zoom))
    return 0;

  for (guint z = min_zoom; z <= max_zoom; z++)
    {
      guint64 columns = lon_to_x (max_lon, z) - lon_to_x (min_lon, z) + 1;
      guint64 rows = lat_to_y (min_lat, z) - lat_to_y (max_lat, z) + 1;

      count += columns * rows;
    }

  return count;
}

static char *
tile_uri (OnsiteTileDownload *self,
          const TileCoord    *coord)
{
  GString *uri = g_string_new (self->url_template);
  char x[16], y[16], z[16], tmsy[16];

  g_snprintf (x, sizeof x, "%d", coord->x);
  g_snprintf (y, sizeof y, "%d", coord->y);
  g_snprintf (z, sizeof z, "%d", coord->z);
  g_snprintf (tmsy, sizeof tmsy, "%d", (1 << coord->z) - coord->y - 1);

  /* The same placeholders as ShumateTileDownloader. */
  g_string_replace (uri, "{x}", x, 0);
  g_string_replace (uri, "{y}", y, 0);
  g_string_replace (uri, "{z}", z, 0);
  g_string_replace (uri, "{tmsy}", tmsy, 0);

  return g_string_free (uri, FALSE);
}

/* A server that answers 200 with an error page must not fill the cache
 * with something the map would fail to decode: PNG, JPEG and WebP only. */
static gboolean
looks_like_image (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return TRUE;
  if (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return TRUE;
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return TRUE;

  return FALSE;
}

static void
set_running (OnsiteTileDownload *self,
             gboolean            running)
{
  if (self->running == !!running)
    return;

  self->running = !!running;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
}

static void
reset_counts (OnsiteTileDownload *self)
{
  g_object_freeze_notify (G_OBJECT (self));

  if (self->n_done != 0)
    {
      self->n_done = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_DONE]);
    }
  if (self->n_stored != 0)
    {
      self->n_stored = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_STORED]);
    }
  if (self->n_fresh != 0)
    {
      self->n_fresh = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_FRESH]);
    }
  if (self->n_failed != 0)
    {
      self->n_failed = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_FAILED]);
    }
  if (self->bytes != 0)
    {
      self->bytes = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BYTES]);
    }
  g_clear_pointer (&self->first_failure, g_free);

  g_object_thaw_notify (G_OBJECT (self));
}

static void
finish_run (GTask *task)
{
  OnsiteTileDownload *self = g_task_get_source_object (task);
  guint n_total = self->tiles->len;

  set_running (self, FALSE);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (n_total > 0 && self->n_stored + self->n_fresh == 0)
    {
      g_task_return_new_error (task, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_FAILED,
                               _("None of the %u map tiles could be downloaded: %s"),
                               n_total, self->first_failure ? self->first_failure : "");
      return;
    }

  g_task_return_boolean (task, TRUE);
}

/* Every tile ends here, however it went; @outcome is the counter to raise,
 * NULL for a tile stopped by the cancellation. */
static void
job_done (TileJob    *job,
          guint      *outcome,
          GParamSpec *pspec)
{
  g_autoptr(TileJob) owned = job;
  g_autoptr(GTask) task = g_object_ref (job->task);
  OnsiteTileDownload *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);

  g_assert (run->in_flight > 0);
  run->in_flight--;

  if (outcome != NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));
      (*outcome)++;
      g_object_notify_by_pspec (G_OBJECT (self), pspec);
      self->n_done++;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_DONE]);
      g_object_thaw_notify (G_OBJECT (self));
    }

  if (!g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    start_jobs (task);

  if (run->in_flight == 0 &&
      (run->next >= self->tiles->len || g_cancellable_is_cancelled (g_task_get_cancellable (task))))
    finish_run (task);
}

static void
job_failed (TileJob    *job,
            const char *message)
{
  OnsiteTileDownload *self = g_task_get_source_object (job->task);

  g_debug ("Tile %d/%d/%d: %s", job->coord.z, job->coord.x, job->coord.y, message);

  if (self->first_failure == NULL)
    self->first_failure = g_strdup (message);

  job_done (job, &self->n_failed, properties [PROP_N_FAILED]);
}

static void
job_ended_with_error (TileJob *job,
                      GError  *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    job_done (job, NULL, NULL);
  else
    job_failed (job, error->message);
}

static void
on_tile_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  TileJob *job = user_data;
  OnsiteTileDownload *self = g_task_get_source_object (job->task);
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (object), result, &error))
    {
      job_failed (job, error->message);
      return;
    }

  job_done (job, &self->n_stored, properties [PROP_N_STORED]);
}

static void
on_body_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  TileJob *job = user_data;
  OnsiteTileDownload *self = g_task_get_source_object (job->task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *etag;

  if (g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error) < 0)
    {
      job_ended_with_error (job, error);
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (object));

  if (!looks_like_image (bytes))
    {
      job_failed (job, _("The tile server sent something that is not an image"));
      return;
    }

  self->bytes += g_bytes_get_size (bytes);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BYTES]);

  etag = soup_message_headers_get_one (soup_message_get_response_headers (job->msg), "ETag");

  /* Not cancellable: a tile received is stored whole or not at all. */
  shumate_file_cache_store_tile_async (self->cache,
                                       job->coord.x, job->coord.y, job->coord.z,
                                       bytes, etag, NULL,
                                       on_tile_stored_cb, job);
}

static void
on_message_sent_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  TileJob *job = user_data;
  OnsiteTileDownload *self = g_task_get_source_object (job->task);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GOutputStream) memory = NULL;
  g_autoptr(GError) error = NULL;
  SoupStatus status;
  goffset length;

  body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      job_ended_with_error (job, error);
      return;
    }

  status = soup_message_get_status (job->msg);

  if (status == SOUP_STATUS_NOT_MODIFIED && job->cached != NULL)
    {
      shumate_file_cache_mark_up_to_date (self->cache, job->coord.x, job->coord.y, job->coord.z);
      job_done (job, &self->n_fresh, properties [PROP_N_FRESH]);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *message =
        g_strdup_printf (_("The tile server answered “%u %s”"), status,
                         soup_message_get_reason_phrase (job->msg) ?
                         soup_message_get_reason_phrase (job->msg) : "");
      job_failed (job, message);
      return;
    }

  length = soup_message_headers_get_content_length (soup_message_get_response_headers (job->msg));
  if (length > MAX_TILE_BYTES)
    {
      job_failed (job, _("The tile server sent something far too big for a map tile"));
      return;
    }

  memory = g_memory_output_stream_new_resizable ();
  g_output_stream_splice_async (memory, body,
                                (G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                 G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET),
                                G_PRIORITY_LOW,
                                g_task_get_cancellable (job->task),
                                on_body_read_cb, job);
}

static void
fetch (TileJob *job)
{
  OnsiteTileDownload *self = g_task_get_source_object (job->task);
  g_autofree char *uri = tile_uri (self, &job->coord);
  SoupMessageHeaders *headers;

  job->msg = soup_message_new (SOUP_METHOD_GET, uri);
  if (job->msg == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The tile address “%s” is not valid"), uri);
      job_failed (job, message);
      return;
    }

  headers = soup_message_get_request_headers (job->msg);

  /* As ShumateTileDownloader: an ETag when there is one, since some
   * servers give every tile the time of the request as its date. */
  if (job->cached != NULL && job->etag != NULL)
    soup_message_headers_append (headers, "If-None-Match", job->etag);
  else if (job->cached != NULL && job->modtime != NULL)
    {
      g_autoptr(GDateTime) utc = g_date_time_to_utc (job->modtime);
      g_autofree char *date = g_date_time_format (utc, "%a, %d %b %Y %H:%M:%S GMT");

      soup_message_headers_append (headers, "If-Modified-Since", date);
    }

  soup_session_send_async (self->session, job->msg, G_PRIORITY_LOW,
                           g_task_get_cancellable (job->task),
                           on_message_sent_cb, job);
}

static void
on_cache_checked_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  TileJob *job = user_data;
  OnsiteTileDownload *self = g_task_get_source_object (job->task);
  g_autoptr(GError) error = NULL;

  job->cached = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object),
                                                    &job->etag, &job->modtime,
                                                    result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      job_done (job, NULL, NULL);
      return;
    }

  /* An unreadable cached tile is fetched again. */
  if (error != NULL)
    g_debug ("Cached tile %d/%d/%d unreadable: %s",
             job->coord.z, job->coord.x, job->coord.y, error->message);

  if (job->cached != NULL && job->modtime != NULL && looks_like_image (job->cached))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (g_date_time_difference (now, job->modtime) < FRESH_FOR)
        {
          job_done (job, &self->n_fresh, properties [PROP_N_FRESH]);
          return;
        }
    }

  fetch (job);
}

static void
start_jobs (GTask *task)
{
  OnsiteTileDownload *self = g_task_get_source_object (task);
  RunData *run = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  while (run->in_flight < ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS &&
         run->next < self->tiles->len &&
         !g_cancellable_is_cancelled (cancellable))
    {
      TileJob *job = g_new0 (TileJob, 1);

      job->task = g_object_ref (task);
      job->coord = g_array_index (self->tiles, TileCoord, run->next);
      run->next++;
      run->in_flight++;

      shumate_file_cache_get_tile_async (self->cache,
                                         job->coord.x, job->coord.y, job->coord.z,
                                         cancellable, on_cache_checked_cb, job);
    }
}

static void
onsite_tile_download_constructed (GObject *object)
{
  OnsiteTileDownload *self = (OnsiteTileDownload *)object;
  g_autofree char *cache_key = NULL;

  G_OBJECT_CLASS (onsite_tile_download_parent_class)->constructed (object);

  /* ShumateTileDownloader's cache key for the same URL template. */
  cache_key = g_strcanon (g_strdup (self->url_template),
                          "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", '_');
  self->cache = shumate_file_cache_new_full (CACHE_SIZE_LIMIT, cache_key, self->cache_dir);
}

static void
onsite_tile_download_finalize (GObject *object)
{
  OnsiteTileDownload *self = (OnsiteTileDownload *)object;

  g_clear_object (&self->cache);
  g_clear_object (&self->session);
  g_clear_pointer (&self->tiles, g_array_unref);
  g_clear_pointer (&self->url_template, g_free);
  g_clear_pointer (&self->cache_dir, g_free);
  g_clear_pointer (&self->first_failure, g_free);

  G_OBJECT_CLASS (onsite_tile_download_parent_class)->finalize (object);
}

static void
onsite_tile_download_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  OnsiteTileDownload *self = ONSITE_TILE_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      g_value_set_string (value, self->url_template);
      break;

    case PROP_CACHE_DIR:
      g_value_set_string (value, shumate_file_cache_get_cache_dir (self->cache));
      break;

    case PROP_N_TOTAL:
      g_value_set_uint (value, self->tiles->len);
      break;

    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;

    case PROP_N_STORED:
      g_value_set_uint (value, self->n_stored);
      break;

    case PROP_N_FRESH:
      g_value_set_uint (value, self->n_fresh);
      break;

    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;

    case PROP_BYTES:
      g_value_set_uint64 (value, self->bytes);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_tile_download_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  OnsiteTileDownload *self = ONSITE_TILE_DOWNLOAD (object);

  switch (prop_id)
    {
    case PROP_URL_TEMPLATE:
      self->url_template = g_value_dup_string (value);
      break;

    case PROP_CACHE_DIR:
      self->cache_dir = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
onsite_tile_download_class_init (OnsiteTileDownloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = onsite_tile_download_constructed;
  object_class->finalize = onsite_tile_download_finalize;
  object_class->get_property = onsite_tile_download_get_property;
  object_class->set_property = onsite_tile_download_set_property;

  /**
   * OnsiteTileDownload:url-template:
   *
   * The tile server, as the map's URL template with `{z}`, `{x}`, `{y}`.
   */
  properties [PROP_URL_TEMPLATE] =
    g_param_spec_string ("url-template", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:cache-dir:
   *
   * The folder of libshumate's tile cache; %NULL at construction for
   * libshumate's own, which the map uses.
   */
  properties [PROP_CACHE_DIR] =
    g_param_spec_string ("cache-dir", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:n-total:
   *
   * The number of tiles in the area.
   */
  properties [PROP_N_TOTAL] =
    g_param_spec_uint ("n-total", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:n-done:
   *
   * Tiles dealt with so far in this run: stored, found up to date, or
   * failed. It reaches #OnsiteTileDownload:n-total unless cancelled.
   */
  properties [PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:n-stored:
   *
   * Tiles downloaded and stored in the cache in this run.
   */
  properties [PROP_N_STORED] =
    g_param_spec_uint ("n-stored", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:n-fresh:
   *
   * Tiles that were already in the cache and up to date (recent enough,
   * or the server said "not modified").
   */
  properties [PROP_N_FRESH] =
    g_param_spec_uint ("n-fresh", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:n-failed:
   *
   * Tiles that could not be had: an HTTP error, something that is not an
   * image, a timeout, no connection.
   */
  properties [PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:bytes:
   *
   * The size of the tiles downloaded in this run.
   */
  properties [PROP_BYTES] =
    g_param_spec_uint64 ("bytes", NULL, NULL, 0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * OnsiteTileDownload:running:
   *
   * Whether a download is under way.
   */
  properties [PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
onsite_tile_download_init (OnsiteTileDownload *self)
{
  self->tiles = g_array_new (FALSE, FALSE, sizeof (TileCoord));
  self->timeout = DEFAULT_TIMEOUT;
}

/**
 * onsite_tile_download_new:
 * @url_template: the map's tile URL template, with `{z}`, `{x}` and `{y}`
 * @cache_dir: (nullable): the tile cache folder, %NULL for libshumate's
 *
 * Creates a download of map tiles into the file cache that
 * ShumateTileDownloader uses for @url_template. Set the area with
 * onsite_tile_download_set_area(), then run it.
 *
 * Returns: (transfer full): a new #OnsiteTileDownload
 */
OnsiteTileDownload *
onsite_tile_download_new (const char *url_template,
                          const char *cache_dir)
{
  g_return_val_if_fail (url_template != NULL, NULL);

  return g_object_new (ONSITE_TYPE_TILE_DOWNLOAD,
                       "url-template", url_template,
                       "cache-dir", cache_dir,
                       NULL);
}

const char *
onsite_tile_download_get_url_template (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), NULL);

  return self->url_template;
}

/**
 * onsite_tile_download_get_cache:
 * @self: an #OnsiteTileDownload
 *
 * Returns: (transfer none): the file cache the tiles go to
 */
ShumateFileCache *
onsite_tile_download_get_cache (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), NULL);

  return self->cache;
}

/**
 * onsite_tile_download_set_area:
 * @self: an #OnsiteTileDownload
 * @min_lat: the southern edge
 * @min_lon: the western edge
 * @max_lat: the northern edge
 * @max_lon: the eastern edge
 * @min_zoom: the lowest zoom level, e.g. 10
 * @max_zoom: the highest zoom level, e.g. 17
 * @error: a location for a #GError, or %NULL
 *
 * Sets the area to download. Fails, leaving no area, when it makes no
 * sense or needs more than %ONSITE_TILE_DOWNLOAD_MAX_TILES tiles.
 *
 * Returns: whether the area can be downloaded
 */
gboolean
onsite_tile_download_set_area (OnsiteTileDownload  *self,
                               double               min_lat,
                               double               min_lon,
                               double               max_lat,
                               double               max_lon,
                               guint                min_zoom,
                               guint                max_zoom,
                               GError             **error)
{
  guint64 count;
  guint old_len;

  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), FALSE);

  if (self->running)
    {
      g_set_error (error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_BUSY,
                   _("A map download is already running"));
      return FALSE;
    }

  old_len = self->tiles->len;
  g_array_set_size (self->tiles, 0);

  if (!area_is_valid (min_lat, min_lon, max_lat, max_lon, min_zoom, max_zoom))
    {
      g_set_error (error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_BAD_AREA,
                   _("The map area is not valid"));
      goto out;
    }

  count = onsite_tile_download_count_tiles (min_lat, min_lon, max_lat, max_lon, min_zoom, max_zoom);
  if (count > ONSITE_TILE_DOWNLOAD_MAX_TILES)
    {
      g_set_error (error, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_TOO_MANY_TILES,
                   _("The area needs %" G_GUINT64_FORMAT " map tiles, more than the %u that may be downloaded at once; choose a smaller area or fewer zoom levels"),
                   count, ONSITE_TILE_DOWNLOAD_MAX_TILES);
      goto out;
    }

  /* Lowest zoom first: if the download stops early, the overview is there. */
  for (guint z = min_zoom; z <= max_zoom; z++)
    {
      int x0 = lon_to_x (min_lon, z), x1 = lon_to_x (max_lon, z);
      int y0 = lat_to_y (max_lat, z), y1 = lat_to_y (min_lat, z);

      for (int y = y0; y <= y1; y++)
        for (int x = x0; x <= x1; x++)
          {
            TileCoord coord = { x, y, z };
            g_array_append_val (self->tiles, coord);
          }
    }

  g_assert (self->tiles->len == count);

out:
  if (old_len != self->tiles->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_TOTAL]);

  reset_counts (self);

  return self->tiles->len > 0;
}

/**
 * onsite_tile_download_set_timeout:
 * @self: an #OnsiteTileDownload
 * @seconds: how long a tile server may stay silent, 0 for ever
 *
 * A tile that takes longer counts as failed; 30 seconds unless set.
 */
void
onsite_tile_download_set_timeout (OnsiteTileDownload *self,
                                  guint               seconds)
{
  g_return_if_fail (ONSITE_IS_TILE_DOWNLOAD (self));

  self->timeout = seconds;
  if (self->session != NULL)
    g_object_set (self->session, "timeout", seconds, NULL);
}

guint
onsite_tile_download_get_n_total (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return self->tiles->len;
}

guint
onsite_tile_download_get_n_done (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return self->n_done;
}

guint
onsite_tile_download_get_n_stored (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return self->n_stored;
}

guint
onsite_tile_download_get_n_fresh (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return self->n_fresh;
}

guint
onsite_tile_download_get_n_failed (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return self->n_failed;
}

guint64
onsite_tile_download_get_bytes (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return self->bytes;
}

/**
 * onsite_tile_download_get_estimated_bytes:
 * @self: an #OnsiteTileDownload
 *
 * Returns: an estimate of the area's size: its tiles times
 *   %ONSITE_TILE_DOWNLOAD_TYPICAL_TILE_BYTES
 */
guint64
onsite_tile_download_get_estimated_bytes (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), 0);

  return (guint64) self->tiles->len * ONSITE_TILE_DOWNLOAD_TYPICAL_TILE_BYTES;
}

gboolean
onsite_tile_download_get_running (OnsiteTileDownload *self)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), FALSE);

  return self->running;
}

/**
 * onsite_tile_download_dup_summary:
 * @self: an #OnsiteTileDownload
 *
 * Says in a sentence or two what the last run did: tiles downloaded and
 * their size, tiles already up to date, tiles that failed and why.
 *
 * Returns: (transfer full): the summary
 */
char *
onsite_tile_download_dup_summary (OnsiteTileDownload *self)
{
  g_autofree char *size = NULL;
  GString *summary;

  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), NULL);

  size = g_format_size (self->bytes);
  summary = g_string_new (NULL);

  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u map tile downloaded (%s)",
                                       "%u map tiles downloaded (%s)",
                                       self->n_stored),
                          self->n_stored, size);
  g_string_append (summary, ", ");
  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE,
                                       "%u already up to date.",
                                       "%u already up to date.",
                                       self->n_fresh),
                          self->n_fresh);

  if (self->n_failed > 0)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u could not be downloaded: %s.",
                                           "%u could not be downloaded; the first: %s.",
                                           self->n_failed),
                              self->n_failed, self->first_failure ? self->first_failure : "");
    }

  if (self->n_done < self->tiles->len && !self->running)
    {
      g_string_append_c (summary, ' ');
      g_string_append_printf (summary,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%u tile was not tried.",
                                           "%u tiles were not tried.",
                                           self->tiles->len - self->n_done),
                              self->tiles->len - self->n_done);
    }

  return g_string_free (summary, FALSE);
}

/**
 * onsite_tile_download_run_async:
 * @self: an #OnsiteTileDownload
 * @cancellable: (nullable): a #GCancellable to stop the download
 * @callback: called when the download ends
 * @user_data: data for @callback
 *
 * Downloads the area's tiles into the cache, two at a time, skipping those
 * cached less than a week ago. Progress shows in #OnsiteTileDownload:n-done
 * and #OnsiteTileDownload:bytes. Cancelling stops promptly; the tiles
 * stored until then stay in the cache.
 */
void
onsite_tile_download_run_async (OnsiteTileDownload  *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *run;

  g_return_if_fail (ONSITE_IS_TILE_DOWNLOAD (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, onsite_tile_download_run_async);

  if (self->running)
    {
      g_task_return_new_error (task, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_BUSY,
                               _("A map download is already running"));
      return;
    }

  if (self->tiles->len == 0)
    {
      g_task_return_new_error (task, ONSITE_TILE_DOWNLOAD_ERROR, ONSITE_TILE_DOWNLOAD_ERROR_BAD_AREA,
                               _("There is no map area to download"));
      return;
    }

  reset_counts (self);

  /* A session per run, so that it has the user agent the application
   * set; both limits at two, as the tile policies ask. */
  g_clear_object (&self->session);
  self->session = soup_session_new_with_options ("user-agent", shumate_get_user_agent (),
                                                 "max-conns", ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS,
                                                 "max-conns-per-host", ONSITE_TILE_DOWNLOAD_MAX_CONNECTIONS,
                                                 "timeout", self->timeout,
                                                 NULL);

  run = g_new0 (RunData, 1);
  g_task_set_task_data (task, run, g_free);

  set_running (self, TRUE);
  start_jobs (task);

  /* Cancelled before it began. Otherwise the last tile ends the run. */
  if (run->in_flight == 0)
    finish_run (task);
}

/**
 * onsite_tile_download_run_finish:
 * @self: an #OnsiteTileDownload
 * @result: the #GAsyncResult given to the callback
 * @error: a location for a #GError, or %NULL
 *
 * Returns: %TRUE if the download went through, even if some tiles failed;
 *   %FALSE with %G_IO_ERROR_CANCELLED when cancelled, or with
 *   %ONSITE_TILE_DOWNLOAD_ERROR_FAILED when no tile at all could be had
 */
gboolean
onsite_tile_download_run_finish (OnsiteTileDownload  *self,
                                 GAsyncResult        *result,
                                 GError             **error)
{
  g_return_val_if_fail (ONSITE_IS_TILE_DOWNLOAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
