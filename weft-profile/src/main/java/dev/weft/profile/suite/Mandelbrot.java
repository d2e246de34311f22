package dev.weft.profile.suite;

import dev.weft.profile.Bound;

/** CPU: escape-time iterations of the Mandelbrot set over a 48 x 48 tile near its boundary (floating point). */
final class Mandelbrot implements Workload {
    @Override
    public String name() {
        return "mandelbrot";
    }

    @Override
    public Bound label() {
        return Bound.CPU;
    }

    @Override
    public String shape() {
        return "Mandelbrot escape iterations (floating point, no memory)";
    }

    @Override
    public Prepared prepare() {
        return () -> {
            long iterations = 0;
            for (int y = 0; y < 48; y++) {
                for (int x = 0; x < 48; x++) {
                    double cr = -0.75 + x * 0.0008;
                    double ci = 0.1 + y * 0.0008;
                    double zr = 0;
                    double zi = 0;
                    int i = 0;
                    while (i < 400 && zr * zr + zi * zi < 4) {
                        double t = zr * zr - zi * zi + cr;
                        zi = 2 * zr * zi + ci;
                        zr = t;
                        i++;
                    }
                    iterations += i;
                }
            }
            Sink.consume(iterations);
        };
    }
}
