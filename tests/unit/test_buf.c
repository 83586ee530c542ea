/*
 * pu_buf (growable, capped text buffers) and pu_arena (bump allocator).
 */
#include "helpers.h"

#include "puente/buf.h"

#include <stdalign.h>

static void test_append_builds_nul_terminated_text(void **state)
{
	pu_buf b = PU_BUF_INIT;

	(void)state;
	assert_ok(pu_buf_puts(&b, "abc"));
	assert_ok(pu_buf_putc(&b, 'd'));
	assert_ok(pu_buf_put(&b, "efXYZ", 2));
	assert_string_equal(b.ptr, "abcdef");
	assert_int_equal(b.len, 6);
	assert_true(b.cap > b.len);
	pu_buf_free(&b);
	assert_null(b.ptr);
}

static void test_append_grows_past_first_allocation(void **state)
{
	pu_buf b = PU_BUF_INIT;

	(void)state;
	for (int i = 0; i < 1000; i++)
		assert_ok(pu_buf_putc(&b, (char)('a' + i % 26)));
	assert_int_equal(b.len, 1000);
	assert_int_equal(strlen(b.ptr), 1000);
	assert_int_equal(b.ptr[999], 'a' + 999 % 26);
	pu_buf_free(&b);
}

static void test_printf_appends_formatted(void **state)
{
	pu_buf b = PU_BUF_INIT;

	(void)state;
	assert_ok(pu_buf_puts(&b, "n="));
	assert_ok(pu_buf_printf(&b, "%d %s %.2f", 42, "x", 1.5));
	assert_string_equal(b.ptr, "n=42 x 1.50");
	assert_int_equal(b.len, strlen("n=42 x 1.50"));
	pu_buf_free(&b);
}

static void test_cap_allows_exactly_max(void **state)
{
	pu_buf b = {NULL, 0, 0, 8};

	(void)state;
	assert_ok(pu_buf_puts(&b, "12345678"));
	assert_int_equal(b.len, 8);
	pu_buf_free(&b);
}

static void test_put_over_cap_is_elimit_and_unchanged(void **state)
{
	pu_buf b = {NULL, 0, 0, 8};

	(void)state;
	assert_ok(pu_buf_puts(&b, "12345"));
	assert_error(pu_buf_puts(&b, "6789"), PU_ELIMIT, "longer than 8");
	assert_string_equal(b.ptr, "12345");
	assert_int_equal(b.len, 5);
	assert_ok(pu_buf_putc(&b, 'x'));
	assert_error(pu_buf_puts(&b, "yzw"), PU_ELIMIT, "longer than 8");
	assert_string_equal(b.ptr, "12345x");
	pu_buf_free(&b);
}

static void test_printf_over_cap_is_elimit_and_unchanged(void **state)
{
	pu_buf b = {NULL, 0, 0, 8};

	(void)state;
	assert_ok(pu_buf_puts(&b, "ab"));
	assert_error(pu_buf_printf(&b, "%s", "0123456"), PU_ELIMIT,
		     "longer than 8");
	assert_string_equal(b.ptr, "ab");
	assert_int_equal(b.len, 2);
	pu_buf_free(&b);
}

static void test_clear_empties_and_keeps_memory(void **state)
{
	pu_buf b = PU_BUF_INIT;
	char *mem;

	(void)state;
	assert_ok(pu_buf_puts(&b, "hello"));
	mem = b.ptr;
	pu_buf_clear(&b);
	assert_ptr_equal(b.ptr, mem);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	pu_buf_free(&b);
}

static void test_detach_hands_over_string(void **state)
{
	pu_buf b = PU_BUF_INIT;
	char *s;

	(void)state;
	assert_ok(pu_buf_puts(&b, "kept"));
	s = pu_buf_detach(&b);
	assert_string_equal(s, "kept");
	assert_null(b.ptr);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* The buffer is reusable and independent of the detached string. */
	assert_ok(pu_buf_puts(&b, "new"));
	assert_string_equal(s, "kept");
	free(s);
	pu_buf_free(&b);
}

static void test_detach_of_empty_buffer_is_empty_string(void **state)
{
	pu_buf b = PU_BUF_INIT;
	char *s;

	(void)state;
	s = pu_buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void test_arena_alloc_is_aligned_and_zeroed(void **state)
{
	static const size_t sizes[] = {1, 3, 7, 8, 13, 16, 33, 100, 20000, 5};
	pu_arena *a = NULL;

	(void)state;
	assert_ok(pu_arena_new(&a));
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = pu_arena_alloc(a, sizes[i]);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		for (size_t k = 0; k < sizes[i]; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xab, sizes[i]); /* ASan: the whole size is ours */
	}
	assert_true(pu_arena_used(a) >= 20000 + 100);
	pu_arena_free(a);
}

static void test_arena_allocations_do_not_overlap(void **state)
{
	pu_arena *a = NULL;
	char *p[200];

	(void)state;
	assert_ok(pu_arena_new(&a));
	for (int i = 0; i < 200; i++) {
		p[i] = pu_arena_alloc(a, 100);
		assert_non_null(p[i]);
		memset(p[i], i, 100);
	}
	for (int i = 0; i < 200; i++)
		assert_int_equal((unsigned char)p[i][99], i);
	pu_arena_free(a);
}

/* A small arena holds little more than it uses (the index keeps one per
 * standard); a large one grows in larger chunks; an allocation too big for
 * a chunk gets one of its own and the room left in the current chunk still
 * serves small ones. */
static void test_arena_holds_what_it_uses(void **state)
{
	pu_arena *a = NULL;
	size_t held;
	char *big, *small;

	(void)state;
	assert_ok(pu_arena_new(&a));
	assert_int_equal(pu_arena_held(a), 0);
	assert_non_null(pu_arena_alloc(a, 100));
	assert_true(pu_arena_held(a) <= 2048);
	for (int i = 0; i < 1000; i++)
		assert_non_null(pu_arena_alloc(a, 100));
	/* 100 KB used: held within half again of it, in few chunks. */
	assert_true(pu_arena_used(a) >= 100 * 1000);
	assert_true(pu_arena_held(a) < pu_arena_used(a) * 3 / 2 + 4096);
	held = pu_arena_held(a);
	big = pu_arena_alloc(a, 1 << 20);
	assert_non_null(big);
	memset(big, 0xab, 1 << 20);
	assert_true(pu_arena_held(a) - held < (1 << 20) + 256);
	/* The next small allocation comes from the chunk before the big one
	 * when it has room, else from a new chunk of the usual size. */
	held = pu_arena_held(a);
	small = pu_arena_alloc(a, 16);
	assert_non_null(small);
	assert_true(pu_arena_held(a) - held <= (64u << 10) + 256);
	assert_int_equal((unsigned char)big[(1 << 20) - 1], 0xab);
	assert_int_equal(small[0], 0);
	pu_arena_free(a);
}

static void test_arena_strdup_copies(void **state)
{
	pu_arena *a = NULL;
	char src[] = "albañil";
	char *d, *n;

	(void)state;
	assert_ok(pu_arena_new(&a));
	d = pu_arena_strdup(a, src);
	assert_ptr_not_equal(d, src);
	src[0] = 'X';
	assert_string_equal(d, "albañil");
	n = pu_arena_strndup(a, "abcdef", 3);
	assert_string_equal(n, "abc");
	assert_null(pu_arena_strdup(a, NULL));
	pu_arena_free(a);
}

static void test_arena_free_null_is_noop(void **state)
{
	(void)state;
	pu_arena_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_builds_nul_terminated_text),
		cmocka_unit_test(test_append_grows_past_first_allocation),
		cmocka_unit_test(test_printf_appends_formatted),
		cmocka_unit_test(test_cap_allows_exactly_max),
		cmocka_unit_test(test_put_over_cap_is_elimit_and_unchanged),
		cmocka_unit_test(test_printf_over_cap_is_elimit_and_unchanged),
		cmocka_unit_test(test_clear_empties_and_keeps_memory),
		cmocka_unit_test(test_detach_hands_over_string),
		cmocka_unit_test(test_detach_of_empty_buffer_is_empty_string),
		cmocka_unit_test(test_arena_alloc_is_aligned_and_zeroed),
		cmocka_unit_test(test_arena_allocations_do_not_overlap),
		cmocka_unit_test(test_arena_holds_what_it_uses),
		cmocka_unit_test(test_arena_strdup_copies),
		cmocka_unit_test(test_arena_free_null_is_noop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
