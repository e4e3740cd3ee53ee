#ifndef JIVOCRM_CNCURSES_SHIM_H
#define JIVOCRM_CNCURSES_SHIM_H
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* Macros and variadics Swift cannot import, as prefixed inline functions. */
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_maxy(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)x; return y; }
static inline int cnc_maxx(WINDOW *w) { int y, x; getmaxyx(w, y, x); (void)y; return x; }
static inline attr_t cnc_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline attr_t cnc_a_normal(void) { return A_NORMAL; }
static inline attr_t cnc_a_bold(void) { return A_BOLD; }
static inline attr_t cnc_a_reverse(void) { return A_REVERSE; }
static inline attr_t cnc_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cnc_a_dim(void) { return A_DIM; }
static inline int cnc_key_resize(void) { return KEY_RESIZE; }
static inline int cnc_key_code_yes(void) { return KEY_CODE_YES; }
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_err(void) { return ERR; }
/* Draws one wide string at (y, x) with attributes, without interpreting control characters. */
static inline int cnc_put_wide(int y, int x, const wchar_t *text, int count, attr_t attrs, short pair) {
    cchar_t cell;
    int drawn = 0;
    if (move(y, x) == ERR) return ERR;
    for (int i = 0; i < count; i++) {
        wchar_t one[2] = { text[i], 0 };
        if (setcchar(&cell, one, attrs, pair, NULL) == ERR) return ERR;
        if (add_wch(&cell) == ERR) return drawn;
        drawn++;
    }
    return drawn;
}

/* Draws one grapheme cluster (a spacing character plus up to CCHARW_MAX - 1 marks, NUL-terminated:
   a cchar_t holds CCHARW_MAX characters, the NUL not among them) into one cell at (y, x). Returns
   ERR when the cluster does not fit a cchar_t or the cell. */
static inline int cnc_put_cluster(int y, int x, const wchar_t *cluster, attr_t attrs, short pair) {
    cchar_t cell;
    if (wcslen(cluster) > CCHARW_MAX) return ERR;
    if (setcchar(&cell, cluster, attrs, pair, NULL) == ERR) return ERR;
    if (move(y, x) == ERR) return ERR;
    return add_wch(&cell);
}
/* The terminfo string capability `name` of the current terminal, or NULL when it has none. */
static inline const char *cnc_terminfo_string(const char *name) {
    char *value = tigetstr(name);
    return (value == NULL || value == (char *)-1) ? NULL : value;
}
/* The terminal size of fd via TIOCGWINSZ; returns -1 when fd is not a terminal. */
static inline int cnc_window_size(int fd, int *rows, int *cols) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) == -1) return -1;
    *rows = size.ws_row;
    *cols = size.ws_col;
    return 0;
}
static inline int cnc_colors(void) { return COLORS; }
/* Mouse: the events the console asks for (button 1 presses and the wheel), KEY_MOUSE, and one
   waiting event's position and button state. */
static inline void cnc_mouse_enable(void) {
    mouseinterval(0);
    mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
}
static inline int cnc_key_mouse(void) { return KEY_MOUSE; }
static inline unsigned long cnc_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline unsigned long cnc_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline unsigned long cnc_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline int cnc_get_mouse(int *y, int *x, unsigned long *buttons) {
    MEVENT event;
    if (getmouse(&event) != OK) return ERR;
    *y = event.y;
    *x = event.x;
    *buttons = (unsigned long)event.bstate;
    return OK;
}
/* Makes the next refresh repaint the whole screen (after the terminal was given back). */
static inline int cnc_repaint_on_refresh(void) { return clearok(curscr, TRUE); }
/* newterm on the process's stdout and stdin (Swift cannot read the stdio globals safely). */
static inline SCREEN *cnc_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }

#endif
