/* The two native methods of the native-image builder's progress reporter (com.oracle.svm.hosted.ProgressReporterCHelper),
 * which GraalVM ships as lib/svm/builder/lib/libreporterchelper.so and Maven Central does not. native/Driver.java
 * compiles this into the copy of the JDK the builder runs on. The width is only used to lay out the report. */
#include <jni.h>
#include <sys/ioctl.h>
#include <sys/resource.h>

JNIEXPORT jint JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getTerminalWindowColumns0(JNIEnv *env, jclass c) {
    struct winsize w;
    return ioctl(1, TIOCGWINSZ, &w) == 0 ? w.ws_col : 0;
}

JNIEXPORT jlong JNICALL Java_com_oracle_svm_hosted_ProgressReporterCHelper_getPeakRSS0(JNIEnv *env, jclass c) {
    struct rusage u;
    return getrusage(RUSAGE_SELF, &u) == 0 ? (jlong) u.ru_maxrss * 1024 : -1; /* ru_maxrss is in KiB on Linux */
}
