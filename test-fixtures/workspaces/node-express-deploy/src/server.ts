import express from 'express';
import { productsRouter } from './routes/products';
import { loginRouter } from './routes/login';

const app = express();
app.use(express.json());
app.use('/rest/products', productsRouter);
app.use('/rest/user', loginRouter);

app.listen(Number(process.env.PORT ?? 3000));
