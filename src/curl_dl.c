/* curl_dl: libcurl loaded with dlopen on first use (see curl_dl.h). */
#include "curl_dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define CURL_LIB "libcurl.so.4"

curl_dl_funcs curl_dl_fn;

static int curl_state;          /* 0: not tried, 1: loaded, -1: failed */
static char curl_error[200];

/* Looks up one function of the library; 0 or -1. */
static int curl_sym(void *lib, const char *name, void *slot)
{
	void *p = dlsym(lib, name);

	if (!p) {
		snprintf(curl_error, sizeof curl_error, "libcurl cannot be used: %s lacks %s", CURL_LIB, name);
		return -1;
	}
	memcpy(slot, &p, sizeof p);
	return 0;
}

int curl_dl_load(void)
{
	if (curl_state)
		return curl_state > 0 ? 0 : -1;
	curl_state = -1;
	void *lib = dlopen(CURL_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		const char *e = dlerror();
		snprintf(curl_error, sizeof curl_error, "libcurl cannot be loaded: %s", e ? e : CURL_LIB);
		for (char *p = curl_error; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		return -1;
	}
#define CURL_DL_LOAD(n)                                      \
	if (curl_sym(lib, "curl_" #n, &curl_dl_fn.n) != 0) \
		return -1;
	CURL_DL_FUNCS(CURL_DL_LOAD)
#undef CURL_DL_LOAD
	if (curl_dl_fn.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		snprintf(curl_error, sizeof curl_error, "libcurl cannot be initialized");
		return -1;
	}
	curl_state = 1;
	return 0;
}

const char *curl_dl_error(void)
{
	return curl_error;
}
