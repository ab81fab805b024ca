/* curl_dl: libcurl, loaded with dlopen on first use and shared by the
 * modules that talk to the network (http for GETs, smtp for mail).
 * Linked, libcurl and the ~35 libraries it pulls in (TLS, GSS, LDAP, ...)
 * cost every run 8 ms of start-up, most runs fetching nothing. Only the
 * headers are compiled in; the functions are called through curl_dl_fn
 * once curl_dl_load() succeeded. */
#ifndef THREADPDF_CURL_DL_H
#define THREADPDF_CURL_DL_H

#include <curl/curl.h>

/* The libcurl functions the project calls. */
#define CURL_DL_FUNCS(X)                                                                            \
	X(global_init) X(multi_init) X(multi_setopt) X(multi_cleanup) X(multi_add_handle)         \
	X(multi_remove_handle) X(multi_perform) X(multi_info_read) X(multi_poll) X(easy_init)      \
	X(easy_setopt) X(easy_getinfo) X(easy_cleanup) X(easy_strerror) X(easy_perform)           \
	X(slist_append) X(slist_free_all) X(url) X(url_set) X(url_get) X(url_cleanup) X(free)

#define CURL_DL_DECL(n) __typeof__(curl_##n) *n;
typedef struct curl_dl_funcs {
	CURL_DL_FUNCS(CURL_DL_DECL)
} curl_dl_funcs;
#undef CURL_DL_DECL

/* The loaded functions; valid only after curl_dl_load() returned 0. */
extern curl_dl_funcs curl_dl_fn;

/* Loads libcurl and initializes it, once (later calls only report).
 * 0, or -1 with curl_dl_error() saying why in one line. Not thread-safe:
 * call it from the main thread before starting transfers. */
int curl_dl_load(void);
/* Why the load failed ("libcurl cannot be loaded: ..."); "" before. */
const char *curl_dl_error(void);

#endif
